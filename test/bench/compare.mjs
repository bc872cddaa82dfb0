#!/usr/bin/env node
// Times LayerLab (test/bench/bench.ts) and PyTorch (torch_reference.py) back to back, alternating, and
// prints the ratio LayerLab / PyTorch per round and the median and spread of those ratios. A hand tool for
// a busy machine: node test/bench/compare.mjs [--model mlp|lenet] [--rounds N] [--python /usr/bin/python3]
//   [--threads N]         pins both sides to N threads (default: each at its own default, every core)
//   [--torch-threads N]   pins only PyTorch
//   [--native-off]        also times LayerLab with LAYERLAB_NATIVE=0 (the wasm kernels) in each round, alternated
//                         with the other two, and prints default / LAYERLAB_NATIVE=0 (≤ 1: the default path is not slower)
// Env vars (LAYERLAB_NATIVE=0, LAYERLAB_ISA=avx2 …) pass through to the bench. Prints the CPU and its vector features.
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
const torchThreads = arg('torch-threads', threads);
const nativeOff = process.argv.includes('--native-off');

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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f2 = (x) => x.toFixed(2);

const ours = [];
const theirs = [];
const ratios = [];
const cpuRatios = [];
const offs = [];
const offRatios = [];
const benchArgs = ['tsx', 'test/bench/bench.ts', '--model', model, '--steps', steps, '--json', ...(threads ? ['--threads', threads] : [])];
const runBench = (env) => {
  const out = spawnSync('npx', benchArgs, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (out.status !== 0) throw new Error(`bench failed: ${out.stderr}`);
  return out;
};
for (let r = 0; r < rounds; r++) {
  // with --native-off the wasm-only run goes first in odd rounds, last in even ones
  const off = nativeOff && r % 2 === 1 ? lastJson(runBench({ LAYERLAB_NATIVE: '0' }).stdout) : null;
  const a = runBench({});
  const torchArgs = ['test/bench/torch_reference.py', '--model', model, '--steps', steps, '--json', ...(torchThreads ? ['--threads', torchThreads] : [])];
  const b = spawnSync(python, torchArgs, { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`torch_reference failed: ${b.stderr}`);
  const x = lastJson(a.stdout);
  const y = lastJson(b.stdout);
  if (r === 0) {
    console.log(`cpu: ${x.cpu ?? '?'}; LayerLab kernels: ${x.isa ?? '-'}${process.env.LAYERLAB_ISA ? ` (LAYERLAB_ISA=${process.env.LAYERLAB_ISA})` : ''}; ` +
      `load average ${(await import('node:os')).loadavg().map(f2).join(' ')}`);
  }
  ours.push(x);
  theirs.push(y);
  ratios.push(x.msPerStep / y.msPerStep);
  cpuRatios.push(x.cpuMsPerStep / y.cpuMsPerStep);
  const w = nativeOff ? (off ?? lastJson(runBench({ LAYERLAB_NATIVE: '0' }).stdout)) : null;
  if (w) {
    offs.push(w);
    offRatios.push(x.msPerStep / w.msPerStep);
  }
  console.log(`round ${r + 1}: layerlab ${x.msPerStep} ms (min ${x.minMs}, cpu ${x.cpuMsPerStep}, ${x.threads} threads)  ` +
    `torch ${y.msPerStep} ms (min ${y.minMs}, cpu ${y.cpuMsPerStep}, ${y.threads} threads)  ratio ${f2(ratios[r])}` +
    (w ? `  LAYERLAB_NATIVE=0 ${w.msPerStep} ms (min ${w.minMs}, ${w.threads} threads)  default/native-off ${f2(offRatios[r])}` : ''));
}
const m = (list, key) => median(list.map((o) => o[key]));
const backend = `${ours[0].backend}${ours[0].native ? `+native ${ours[0].isa ?? ''}` : ''} (${ours[0].threads} thread${ours[0].threads === 1 ? '' : 's'})`;
console.log(`${model} ${backend} vs torch (${theirs[0].threads} thread${theirs[0].threads === 1 ? '' : 's'}): ` +
  `ratio median ${f2(median(ratios))} (spread ${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))} over ${rounds} rounds); ` +
  `median ms ${m(ours, 'msPerStep')} vs ${m(theirs, 'msPerStep')}; ` +
  `min ${f2(Math.min(...ours.map((o) => o.minMs)) / Math.min(...theirs.map((o) => o.minMs)))}; cpu ${f2(median(cpuRatios))}; ` +
  `load average at the end ${(await import('node:os')).loadavg().map(f2).join(' ')}`);
if (nativeOff) {
  console.log(`${model} default vs LAYERLAB_NATIVE=0 (${offs[0].backend}, ${offs[0].threads} thread${offs[0].threads === 1 ? '' : 's'}): ` +
    `ratio median ${f2(median(offRatios))} (spread ${f2(Math.min(...offRatios))}–${f2(Math.max(...offRatios))}); ` +
    `median ms ${m(ours, 'msPerStep')} vs ${m(offs, 'msPerStep')}; load average ${(await import('node:os')).loadavg().map(f2).join(' ')}`);
}
