import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

// The Electron binary cannot be downloaded here: utilityProcess.fork returns a recording stand-in.
class FakeUtility extends EventEmitter {
  pid = 4242;
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    this.emit('exit', 9);
    return true;
  }
}
const forks: { path: string; child: FakeUtility }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (path: string) => {
      const child = new FakeUtility();
      forks.push({ path, child });
      return child;
    },
  },
}));

const { createElectronTrainerHost } = await import('../../../src-main/app/trainer-host-electron');

describe('Electron trainer host (electron mocked: binary not available here)', () => {
  it('forks the trainer entry, passes on valid messages and drops malformed ones', () => {
    const host = createElectronTrainerHost('/app/out/main/trainer.js');
    const { path, child } = forks.at(-1)!;
    expect(path).toBe('/app/out/main/trainer.js');
    expect(host.pid).toBe(4242);
    const messages: unknown[] = [];
    const complaints: string[] = [];
    host.onMessage((message) => messages.push(message));
    host.onStderr((line) => complaints.push(line));
    child.emit('message', { type: 'ready', pid: 4242 });
    child.emit('message', { type: 'metrics', runId: 'r', points: [{ key: 'train/loss', step: -1, epoch: 0, wallMs: 0, value: 1 }] });
    child.emit('message', { type: 'launch-missiles' });
    expect(messages).toEqual([{ type: 'ready', pid: 4242 }]);
    expect(complaints).toHaveLength(2);
    child.stderr.write('first line\nsecond');
    child.stderr.write(' half\n');
    expect(complaints.slice(2)).toEqual(['first line', 'second half']);
  });

  it('reports an exit without a shutdown request as a crash', () => {
    const host = createElectronTrainerHost('/t.js');
    const exits: unknown[] = [];
    host.onExit((exit) => exits.push(exit));
    forks.at(-1)!.child.emit('exit', 1);
    expect(exits).toEqual([{ code: 1, signal: null, crashed: true }]);
  });

  it('asks the trainer to shut down and kills it when it does not exit in time', async () => {
    const host = createElectronTrainerHost('/t.js');
    const { child } = forks.at(-1)!;
    const exits: { crashed: boolean }[] = [];
    host.onExit((exit) => exits.push(exit));
    await host.dispose(50);
    expect(child.posted).toEqual([{ type: 'shutdown' }]);
    expect(child.killed).toBe(true);
    expect(exits[0].crashed).toBe(false);
  });
});
