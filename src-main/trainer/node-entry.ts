import type { FromTrainer } from '../../src-shared/api/trainer-protocol';
import { runTrainer } from './main';
import type { TrainerPort } from './port';

/** The trainer under plain Node: forked by TrainerHost (child_process.fork) with an IPC channel. */
function nodePort(): TrainerPort {
  const send = process.send?.bind(process);
  if (!send) {
    console.error('The trainer talks to main over IPC: start it with child_process.fork (see src-main/services/trainer-host-node.ts).');
    process.exit(2);
  }
  let inFlight = 0;
  let exitCode: number | null = null;
  const exitWhenDrained = () => {
    if (exitCode !== null && inFlight === 0) process.exit(exitCode);
  };
  return {
    send(message: FromTrainer) {
      if (!process.connected) return;
      inFlight += 1;
      send(message, undefined, undefined, () => {
        inFlight -= 1;
        exitWhenDrained();
      });
    },
    onMessage(listener) {
      process.on('message', listener);
    },
    exit(code) {
      exitCode = code;
      exitWhenDrained();
    },
  };
}

// Ctrl-C in a terminal signals the whole process group; main turns it into a stop request, so the
// trainer must outlive the signal to finish its batch and report 'stopped'.
process.on('SIGINT', () => {});
// Main went away: nobody is left to report to.
process.on('disconnect', () => process.exit(0));
runTrainer(nodePort());
