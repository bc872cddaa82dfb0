import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { fromTrainerSchema, type FromTrainer, type ToTrainer } from '../../src-shared/api/trainer-protocol';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import type { TrainerHost } from './trainer-host-types';
import { isTrainerNoise } from './trainer-stderr';

export interface NodeTrainerHostOptions {
  /** The trainer's entry; default LAYERLAB_TRAINER_ENTRY (the CLI's bundled trainer) or src-main/trainer/node-entry.ts under tsx. */
  entry?: string;
  env?: NodeJS.ProcessEnv;
}

type ExitInfo = { code: number | null; signal: string | null; crashed: boolean };

const SOURCE_ENTRY = fileURLToPath(new URL('../trainer/node-entry.ts', import.meta.url));

/** tsx's loader by absolute URL, so the fork finds it whatever its working directory. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/** A trainer as a child_process.fork of plain Node; stdout and stderr reach onStderr line by line. */
export function createNodeTrainerHost(options: NodeTrainerHostOptions = {}): TrainerHost {
  const entry = options.entry ?? process.env.LAYERLAB_TRAINER_ENTRY ?? SOURCE_ENTRY;
  const child: ChildProcess = fork(entry, [], {
    execArgv: entry.endsWith('.ts') ? ['--import', tsxLoader()] : [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: options.env ?? process.env,
  });

  const messageListeners: ((message: FromTrainer) => void)[] = [];
  const exitListeners: ((exit: ExitInfo) => void)[] = [];
  const stderrListeners: ((line: string) => void)[] = [];
  let shutdownRequested = false;
  let exited: ExitInfo | null = null;

  const emitLine = (line: string) => {
    if (isTrainerNoise(line)) return;
    for (const listener of stderrListeners) listener(line);
  };
  forwardLines(child.stdout, emitLine);
  forwardLines(child.stderr, emitLine);

  child.on('message', (raw) => {
    const parsed = fromTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      emitLine(`[trainer-host] ignored an invalid message from trainer ${child.pid}: ${describeZodIssues(parsed.error.issues, 'message')}`);
      return;
    }
    for (const listener of messageListeners) listener(parsed.data);
  });

  const exitPromise = new Promise<ExitInfo>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (exited) return;
      exited = { code, signal, crashed: !shutdownRequested };
      for (const listener of exitListeners) listener(exited);
      resolve(exited);
    };
    child.on('exit', finish);
    child.on('error', (error) => {
      emitLine(`[trainer-host] trainer process error: ${error.message}`);
      if (child.exitCode === null && child.pid === undefined) finish(null, null);
    });
  });

  return {
    get pid() {
      return child.pid;
    },
    send(message: ToTrainer) {
      if (message.type === 'shutdown') shutdownRequested = true;
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      messageListeners.push(listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
      if (exited) listener(exited);
    },
    onStderr(listener) {
      stderrListeners.push(listener);
    },
    async dispose(timeoutMs = 5000) {
      if (exited) return;
      shutdownRequested = true;
      if (child.connected) child.send({ type: 'shutdown' } satisfies ToTrainer);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

function forwardLines(stream: Readable | null, emit: (line: string) => void): void {
  if (!stream) return;
  stream.setEncoding('utf8');
  let buffered = '';
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') emit(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (buffered.trim() !== '') emit(buffered);
    buffered = '';
  });
}
