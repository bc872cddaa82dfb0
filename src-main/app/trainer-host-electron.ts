import { utilityProcess, type UtilityProcess } from 'electron';
import { fromTrainerSchema, type FromTrainer, type ToTrainer } from '../../src-shared/api/trainer-protocol';
import type { TrainerHost } from '../services/trainer-host-types';
import { isTrainerNoise } from '../services/trainer-stderr';

/** The trainer in an Electron utility process (the desktop app's TrainerHost); messages are validated on arrival. */
export function createElectronTrainerHost(entryPath: string): TrainerHost {
  const child: UtilityProcess = utilityProcess.fork(entryPath, [], { serviceName: 'LayerLab trainer', stdio: 'pipe' });
  const messageListeners: ((message: FromTrainer) => void)[] = [];
  const exitListeners: ((exit: { code: number | null; signal: string | null; crashed: boolean }) => void)[] = [];
  const stderrListeners: ((line: string) => void)[] = [];
  let shuttingDown = false;
  let exited = false;

  child.on('message', (raw: unknown) => {
    const parsed = fromTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      for (const listener of stderrListeners) listener(`trainer sent a malformed message: ${parsed.error.message}`);
      return;
    }
    for (const listener of messageListeners) listener(parsed.data);
  });
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (!isTrainerNoise(line)) for (const listener of stderrListeners) listener(line);
  });
  child.on('exit', (code: number) => {
    exited = true;
    for (const listener of exitListeners) listener({ code, signal: null, crashed: !shuttingDown });
  });

  return {
    get pid() {
      return child.pid;
    },
    send(message: ToTrainer) {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    onStderr: (listener) => void stderrListeners.push(listener),
    async dispose(timeoutMs = 5000) {
      if (exited) return;
      shuttingDown = true;
      child.postMessage({ type: 'shutdown' } satisfies ToTrainer);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill();
          resolve();
        }, timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
