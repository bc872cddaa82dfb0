#!/usr/bin/env node
// Runs every test suite: lint, typecheck, unit + integration (vitest), end-to-end (Playwright).
// Prints one closing line "N passed, N failed" over all suites and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'layerlab-test-'));
let passed = 0;
let failed = 0;
let anyStepFailed = false;

function run(label, command, args, env = {}) {
  if (only.length && !only.includes(label)) return null;
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) anyStepFailed = true;
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  passed += stats.expected + (stats.flaky ?? 0);
  failed += stats.unexpected;
}

for (const [label, ok] of [
  ['lint', run('lint', 'npx', ['eslint', '.'])],
  ['typecheck', run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])],
  ['typecheck renderer', run('typecheck', 'npx', ['svelte-check', '--tsconfig', 'src-renderer/tsconfig.json', '--threshold', 'warning'])],
]) {
  if (ok === null) continue;
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${label}: ${ok ? 'ok' : 'FAILED'}`);
}

const vitestReport = join(tmp, 'vitest.json');
run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
countVitest(vitestReport);

if (existsSync('src-native/build/Release')) {
  const noNativeReport = join(tmp, 'vitest-no-native.json');
  run('unit', 'npx', ['vitest', 'run', 'test/unit/kernels', '--reporter=default', '--reporter=json', `--outputFile.json=${noNativeReport}`], { LAYERLAB_NATIVE: '0' });
  countVitest(noNativeReport);
  // The addon's other kernel sets, forced (LAYERLAB_ISA): the AVX2 ones on an AVX-512 CPU, and the generic ones.
  const flags = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  for (const isa of [...(/\bavx512f\b/.test(flags) && /\bavx2\b/.test(flags) ? ['avx2'] : []), 'generic']) {
    const isaReport = join(tmp, `vitest-isa-${isa}.json`);
    run('unit', 'npx', ['vitest', 'run', 'test/unit/kernels', '--reporter=default', '--reporter=json', `--outputFile.json=${isaReport}`], { LAYERLAB_ISA: isa });
    countVitest(isaReport);
  }
}

if (existsSync('test/e2e') && existsSync('playwright.config.ts')) {
  const e2eReport = join(tmp, 'playwright.json');
  run('e2e', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport });
  countPlaywright(e2eReport);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(anyStepFailed || failed > 0 ? 1 : 0);
