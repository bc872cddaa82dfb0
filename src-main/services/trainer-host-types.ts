import type { FromTrainer, ToTrainer } from '../../src-shared/api/trainer-protocol';

/**
 * One trainer process, whatever launched it: child_process.fork under plain Node,
 * Electron's utilityProcess in the desktop app. Messages arriving are already validated.
 */
export interface TrainerHost {
  readonly pid: number | undefined;
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
  /** Exit code/signal; `crashed` is true when it did not exit after a shutdown request. */
  onExit(listener: (exit: { code: number | null; signal: string | null; crashed: boolean }) => void): void;
  /** Lines the trainer wrote to stderr. */
  onStderr(listener: (line: string) => void): void;
  /** Ask to shut down, kill after `timeoutMs`. */
  dispose(timeoutMs?: number): Promise<void>;
}

export type TrainerHostFactory = () => TrainerHost;
