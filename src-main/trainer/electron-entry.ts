import type { ParentPort } from 'electron';
import { fileURLToPath } from 'node:url';
import { runTrainer } from './main';
import type { TrainerPort } from './port';

/** The trainer as an Electron utility process: main talks to it through process.parentPort. */
function electronPort(parentPort: ParentPort): TrainerPort {
  return {
    send: (message) => parentPort.postMessage(message),
    onMessage(listener) {
      parentPort.on('message', (event) => listener(event.data));
    },
    // postMessage has handed the message over when it returns; one turn lets it leave.
    exit: (code) => setImmediate(() => process.exit(code)),
  };
}

// Bundled beside this file by electron.vite.config.ts; the GEMM pool looks here first.
process.env.LAYERLAB_GEMM_WORKER ??= fileURLToPath(new URL('./gemm-worker.js', import.meta.url));
// The webgpu backend's device thread, likewise; it loads the same Dawn N-API binding as under plain Node.
process.env.LAYERLAB_WEBGPU_WORKER ??= fileURLToPath(new URL('./webgpu-worker.js', import.meta.url));

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('electron-entry runs only as an Electron utility process (utilityProcess.fork).');
  process.exit(2);
}
runTrainer(electronPort(parentPort));
