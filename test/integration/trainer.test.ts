import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createNodeTrainerHost } from '../../src-main/services/trainer-host-node';
import type { TrainerHost } from '../../src-main/services/trainer-host-types';
import { trainJobSchema, type FromTrainer, type ToTrainer } from '../../src-shared/api/trainer-protocol';
import { spiralsSpec } from './cli-helpers';

const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-trainer-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function spiralsJob(runId: string, config: Record<string, unknown>) {
  return trainJobSchema.parse({
    runId,
    spec: spiralsSpec(),
    config: { optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 20, preprocessing: 'none', ...config },
    dataset: { name: 'spirals' },
    dataDir,
  });
}

/** A forked trainer with every message and stderr line recorded, and waits on them. */
function startTrainer(entry?: string) {
  const host: TrainerHost = createNodeTrainerHost(entry ? { entry } : {});
  const messages: FromTrainer[] = [];
  const stderr: string[] = [];
  const waiters: { match: (m: FromTrainer) => boolean; resolve: (m: FromTrainer) => void }[] = [];
  host.onStderr((line) => stderr.push(line));
  host.onMessage((message) => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.match(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const exit = new Promise<{ code: number | null; signal: string | null; crashed: boolean }>((resolve) => host.onExit(resolve));
  function next<T extends FromTrainer['type']>(type: T, where: (m: Extract<FromTrainer, { type: T }>) => boolean = () => true) {
    const found = messages.find((m) => m.type === type && where(m as Extract<FromTrainer, { type: T }>));
    if (found) return Promise.resolve(found as Extract<FromTrainer, { type: T }>);
    return new Promise<Extract<FromTrainer, { type: T }>>((resolve) =>
      waiters.push({ match: (m) => m.type === type && where(m as Extract<FromTrainer, { type: T }>), resolve: resolve as (m: FromTrainer) => void }),
    );
  }
  return { host, messages, stderr, exit, next };
}

describe('trainer process (real fork under tsx)', () => {
  test('trains spirals: ready, started, metrics, progress, artifacts, finished; exits cleanly on shutdown', async () => {
    const trainer = startTrainer();
    const ready = await trainer.next('ready');
    expect(ready.pid).toBe(trainer.host.pid);
    trainer.host.send({ type: 'start', job: spiralsJob('run-ok', { epochs: 2 }) });
    const finished = await trainer.next('finished');
    expect(finished.status, finished.error).toBe('completed');
    expect(finished.result).toMatchObject({ epochs: 2, testCount: 1000 });
    expect(finished.result!.testErrorRate).toBeLessThan(0.2);

    const types = trainer.messages.map((m) => m.type);
    expect(types.indexOf('started')).toBeGreaterThan(types.indexOf('ready'));
    expect(types).toContain('metrics');
    expect(types).toContain('progress');
    const started = trainer.messages.find((m) => m.type === 'started') as Extract<FromTrainer, { type: 'started' }>;
    expect(started.dataset).toMatchObject({ name: 'spirals', trainSize: 1800, valSize: 200 });
    expect(started.backend.tfjsVersion).toMatch(/^4\./);
    const epochLosses = trainer.messages.flatMap((m) => (m.type === 'metrics' ? m.points : [])).filter((p) => p.key === 'epoch/train_loss');
    expect(epochLosses.map((p) => p.epoch)).toEqual([1, 2]);
    for (const artifact of trainer.messages.filter((m) => m.type === 'artifact')) {
      expect(existsSync(join(dataDir, (artifact as Extract<FromTrainer, { type: 'artifact' }>).path))).toBe(true);
    }

    await trainer.host.dispose(10_000);
    expect(await trainer.exit).toEqual({ code: 0, signal: null, crashed: false });
  });

  test('a stop request ends the run as stopped within one batch; invalid messages are refused with a log', async () => {
    const trainer = startTrainer();
    await trainer.next('ready');
    trainer.host.send({ type: 'start', runId: 'x' } as unknown as ToTrainer);
    const log = await trainer.next('log');
    expect(log).toMatchObject({ level: 'error' });
    expect(log.message).toMatch(/ignored an invalid message from main: message\.job/);

    // 360 steps per epoch: a stop honoured only at an epoch's end would report a finished epoch.
    trainer.host.send({ type: 'start', job: spiralsJob('run-stop', { epochs: 200, batchSize: 5 }) });
    const progress = await trainer.next('progress', (p) => p.step >= 5);
    trainer.host.send({ type: 'start', job: spiralsJob('run-busy', { epochs: 1 }) });
    const busy = await trainer.next('finished', (m) => m.runId === 'run-busy');
    expect(busy).toMatchObject({ status: 'failed', error: 'this trainer is busy with run run-stop; start another trainer' });
    trainer.host.send({ type: 'stop', runId: 'run-stop' });
    const stoppedAt = Date.now();
    const finished = await trainer.next('finished', (m) => m.runId === 'run-stop');
    expect(finished.status).toBe('stopped');
    expect(finished.result!.epochs).toBe(0);
    expect(progress.totalSteps).toBe(200 * 360);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    await trainer.host.dispose(10_000);
    expect((await trainer.exit).crashed).toBe(false);
  });

  test('kill -9 of the trainer mid-epoch: the host reports the signal and a crash', async () => {
    const trainer = startTrainer();
    await trainer.next('ready');
    trainer.host.send({ type: 'start', job: spiralsJob('run-kill', { epochs: 200 }) });
    await trainer.next('metrics');
    process.kill(trainer.host.pid!, 'SIGKILL');
    const exit = await trainer.exit;
    expect(exit).toEqual({ code: null, signal: 'SIGKILL', crashed: true });
    expect(trainer.messages.some((m) => m.type === 'finished')).toBe(false);
    await trainer.host.dispose();
  });

  test("the trainer's stdout and stderr reach onStderr line by line; invalid messages from it are ignored", async () => {
    const entry = join(dataDir, 'noisy-trainer.mjs');
    writeFileSync(
      entry,
      [
        "process.stderr.write('first line\\nsecond ');",
        "process.stderr.write('line\\n');",
        "console.log('to stdout');",
        "process.send({ type: 'bogus' });",
        "process.send({ type: 'ready', pid: process.pid });",
        "process.on('message', (m) => { if (m.type === 'shutdown') process.exit(0); });",
      ].join('\n'),
    );
    const trainer = startTrainer(entry);
    await trainer.next('ready');
    await trainer.host.dispose(5000);
    expect(await trainer.exit).toEqual({ code: 0, signal: null, crashed: false });
    expect(trainer.stderr).toEqual(expect.arrayContaining(['first line', 'second line', 'to stdout']));
    expect(trainer.stderr.some((line) => /ignored an invalid message from trainer \d+: message\.type/.test(line))).toBe(true);
    expect(trainer.messages.map((m) => m.type)).toEqual(['ready']);
  });

  test('dispose kills a trainer that ignores shutdown after the timeout', async () => {
    const entry = join(dataDir, 'stubborn-trainer.mjs');
    writeFileSync(entry, "process.send({ type: 'ready', pid: process.pid }); process.on('message', () => {}); setInterval(() => {}, 1000);");
    const trainer = startTrainer(entry);
    await trainer.next('ready');
    await trainer.host.dispose(300);
    const exit = await trainer.exit;
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.crashed).toBe(false);
  });
});
