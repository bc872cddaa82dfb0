import { fromTrainerSchema, toTrainerSchema, type FromTrainer, type TrainJob } from '../../src-shared/api/trainer-protocol';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import { trainJob } from '../engine/train-job';
import type { TrainerPort } from './port';

interface ActiveRun {
  runId: string;
  controller: AbortController;
}

/**
 * The trainer's message loop: says 'ready', runs one job at a time ('start'), stops it on 'stop'
 * (after the current batch), exits on 'shutdown'. Every incoming message is validated; every
 * outcome of a job, a crash included, ends in one 'finished' message.
 */
export function runTrainer(rawPort: TrainerPort): void {
  let active: ActiveRun | null = null;
  let shuttingDown = false;
  const port = checkedPort(rawPort);

  const log = (level: 'info' | 'warn' | 'error', message: string) => port.send({ type: 'log', level, message });

  const failActive = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof Error ? (error.stack ?? message) : message);
    if (active) port.send({ type: 'finished', runId: active.runId, status: 'failed', error: `trainer crashed: ${message}` });
    port.exit(1);
  };
  process.on('uncaughtException', failActive);
  process.on('unhandledRejection', failActive);

  async function start(job: TrainJob): Promise<void> {
    if (active) {
      port.send({ type: 'finished', runId: job.runId, status: 'failed', error: `this trainer is busy with run ${active.runId}; start another trainer` });
      return;
    }
    const run: ActiveRun = { runId: job.runId, controller: new AbortController() };
    active = run;
    const finished: FromTrainer = await trainJob(job, { send: (message) => port.send(message), signal: run.controller.signal });
    active = null;
    port.send(finished);
    if (shuttingDown) port.exit(0);
  }

  port.onMessage((raw) => {
    const parsed = toTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      log('error', `ignored an invalid message from main: ${describeZodIssues(parsed.error.issues, 'message')}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        void start(message.job);
        break;
      case 'stop':
        if (active?.runId === message.runId) active.controller.abort();
        else log('warn', `stop for run ${message.runId} ignored: ${active ? `running ${active.runId}` : 'no run is active'}`);
        break;
      case 'shutdown':
        shuttingDown = true;
        if (active) active.controller.abort();
        else port.exit(0);
        break;
    }
  });

  port.send({ type: 'ready', pid: process.pid });
}

/** Checks outgoing messages too: main would drop an invalid one, so say why here, where the bug is. */
function checkedPort(port: TrainerPort): TrainerPort {
  return {
    ...port,
    send(message) {
      const checked = fromTrainerSchema.safeParse(message);
      if (checked.success) {
        port.send(message);
        return;
      }
      const problem = `trainer produced an invalid "${message.type}" message: ${describeZodIssues(checked.error.issues, 'message')}`;
      console.error(problem);
      if (message.type === 'finished') port.send({ type: 'finished', runId: message.runId, status: 'failed', error: problem });
    },
  };
}
