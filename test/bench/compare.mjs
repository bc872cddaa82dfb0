#!/usr/bin/env node
// Times LayerLab (npm run bench) and PyTorch (torch_reference.py) back to back, alternating, and
// prints the ratios. A hand tool for a busy machine: node test/bench/compare.mjs [--model mlp|lenet]
// [--rounds N] [--python /usr/bin/python3] [--threads N] [--torch-threads N (default 1)].
// Env vars (LAYERLAB_NATIVE=0 …) pass through to the bench.
import { spawnSync } from 'node:child_process';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const model = arg('model', 'mlp');
const rounds = Number(arg('rounds', '5'));
const python = arg('python', '/usr/bin/python3');
const steps = arg('steps', model === 'mlp' ? '60' : '300');
const threads = arg('threads', undefined);
const torchThreads = arg('torch-threads', '1');

function lastJson(out) {
  const lines = out.trim().split('\n');
  const result = JSON.parse(lines.pop());
  // the bench's human-readable line carries the minimum and the CPU time
  const human = lines.find((l) => l.startsWith('msPerStep=')) ?? '';
  const min = /\(min ([\d.]+)/.exec(human);
  const cpu = /cpuMsPerStep=([\d.]+)/.exec(human);
  if (result.minMs == null && min) result.minMs = Number(min[1]);
  if (result.cpuMsPerStep == null && cpu) result.cpuMsPerStep = Number(cpu[1]);
  return result;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours = [];
const theirs = [];
for (let r = 0; r < rounds; r++) {
  const benchArgs = ['tsx', 'test/bench/bench.ts', '--model', model, '--steps', steps, '--json', ...(threads ? ['--threads', threads] : [])];
  const a = spawnSync('npx', benchArgs, { encoding: 'utf8' });
  if (a.status !== 0) throw new Error(`bench failed: ${a.stderr}`);
  const b = spawnSync(python, ['test/bench/torch_reference.py', '--model', model, '--steps', steps, '--threads', torchThreads, '--json'], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`torch_reference failed: ${b.stderr}`);
  const x = lastJson(a.stdout);
  const y = lastJson(b.stdout);
  ours.push(x);
  theirs.push(y);
  console.log(`round ${r + 1}: layerlab ${x.msPerStep} ms (min ${x.minMs}, cpu ${x.cpuMsPerStep})  torch ${y.msPerStep} ms (min ${y.minMs}, cpu ${y.cpuMsPerStep})  ratio ${(x.msPerStep / y.msPerStep).toFixed(2)}`);
}
const m = (list, key) => median(list.map((o) => o[key]));
const backend = `${ours[0].backend}${ours[0].native ? '+native' : ''} (${ours[0].threads} thread${ours[0].threads === 1 ? '' : 's'})`;
console.log(`${model} ${backend} vs torch on ${torchThreads} thread${torchThreads === '1' ? '' : 's'}: median of medians ${m(ours, 'msPerStep')} ms vs torch ${m(theirs, 'msPerStep')} ms → ratio ${(m(ours, 'msPerStep') / m(theirs, 'msPerStep')).toFixed(2)}; ` +
  `min ${(Math.min(...ours.map((o) => o.minMs)) / Math.min(...theirs.map((o) => o.minMs))).toFixed(2)}; ` +
  `cpu ${(m(ours, 'cpuMsPerStep') / m(theirs, 'cpuMsPerStep')).toFixed(2)}`);
