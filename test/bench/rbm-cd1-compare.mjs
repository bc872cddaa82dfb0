#!/usr/bin/env node
// One CD-1 step of a 784-500 RBM, batch 100: LayerLab (rbm-cd1.ts) and its PyTorch twin (rbm_cd1_torch.py) run
// back to back, alternating, in one command; prints the CPU and its vector features, each round's times, and the
// median ratio LayerLab / PyTorch (wall and CPU time).
//   node test/bench/rbm-cd1-compare.mjs [--rounds N] [--steps N] [--threads N (both sides; default 1)] [--python /usr/bin/python3]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('rounds', '5'));
const steps = arg('steps', '50');
const threads = arg('threads', '1');
const python = arg('python', '/usr/bin/python3');

function cpuLabel() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? 'unknown CPU';
  const flags = new Set((/flags\s*:\s*(.*)/.exec(info)?.[1] ?? '').split(/\s+/));
  const vector = ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx2', 'fma'].filter((flag) => flags.has(flag));
  return `${model} (${vector.join(' ') || 'no AVX'})`;
}
function run(command, args) {
  const out = spawnSync(command, args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`cpu: ${cpuLabel()}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${threads} thread(s) each`);
const ratios = [];
const cpuRatios = [];
let ours;
for (let r = 0; r < rounds; r++) {
  ours = run('npx', ['tsx', 'test/bench/rbm-cd1.ts', '--steps', steps, '--threads', threads, '--json']);
  const torch = run(python, ['test/bench/rbm_cd1_torch.py', '--steps', steps, '--threads', threads, '--json']);
  ratios.push(ours.msPerStep / torch.msPerStep);
  cpuRatios.push(ours.cpuMsPerStep / torch.cpuMsPerStep);
  console.log(`round ${r + 1}: layerlab ${ours.msPerStep.toFixed(2)} ms (cpu ${ours.cpuMsPerStep.toFixed(2)})  torch ${torch.msPerStep.toFixed(2)} ms (cpu ${torch.cpuMsPerStep.toFixed(2)})  ratio ${ratios[r].toFixed(2)}`);
}
console.log(`CD-1 784-500 batch 100, layerlab ${ours.backend}${ours.native ? '+native' : ''} / torch: ratio median ${median(ratios).toFixed(2)} ` +
  `(spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} over ${rounds} rounds), cpu-time ratio ${median(cpuRatios).toFixed(2)}; load average now ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
