import type { FromTrainer } from '../../src-shared/api/trainer-protocol';

/** The trainer's link to main, whatever process API carries it (Node IPC, Electron parentPort). */
export interface TrainerPort {
  send(message: FromTrainer): void;
  /** Raw incoming messages; the loop validates them. */
  onMessage(listener: (message: unknown) => void): void;
  /** Ends the process once every sent message is on its way. */
  exit(code: number): void;
}
