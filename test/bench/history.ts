/**
 * History at scale (issue 16): builds a history of RUNS runs of 1,000 metric points each plus one run of
 * 100,000 points through RunStore, then prints what the UI waits for: a page of the runs list (sorted and
 * filtered, through the API service and JSON), what a run's status change costs (bytes and time), a
 * 100,000-point curve to the chart (store → wire → chart model), a zoomed range in full resolution, and the ingest rate.
 *
 *   npx tsx test/bench/history.ts [--runs 10000] [--keep DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize, deserialize } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { cpuLabel } from '../../src-main/engine/backend/cpu';
import { createApiService } from '../../src-main/services/api-service';
import { openRunStore } from '../../src-main/services/open-store';
import type { RunStore } from '../../src-main/store';
import type { MetricPoint } from '../../src-shared/api/metrics';
import type { CurveColumns, RunCurves } from '../../src-shared/api/curves';
import { parseTrainConfig } from '../../src-shared/config/validate';
import { parseTypedJson, typedArrayReplacer } from '../../src-shared/api/typed-json';
import { MetricBuffer } from '../../src-renderer/state/metric-buffer';
import { chartModel } from '../../src-renderer/charts/chart-model';
import { patchRow } from '../../src-renderer/runs/page-patch';
import template from '../../resources/templates/spirals-mlp.json' with { type: 'json' };

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(flag('--runs') ?? 10_000);
const LONG = 100_000;
const WIDTH = 800;
const keep = flag('--keep');
const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'layerlab-history-bench-'));

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(repeat: number, work: () => T): { ms: number; best: number; result: T } {
  let result!: T;
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = work();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), best: Math.min(...samples), result };
}

async function timeAsync<T>(repeat: number, work: () => Promise<T>): Promise<{ ms: number; best: number; result: T }> {
  let result!: T;
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await work();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), best: Math.min(...samples), result };
}

/** 960 step losses and 4 epoch metrics × 10 epochs: 1,000 points, as a 10-epoch run records them. */
function runPoints(seed: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let step = 0; step < 960; step++) points.push({ key: 'train/loss', step, epoch: step / 96, wallMs: step * 3, value: 2 / (1 + step / 50) + ((seed * 7 + step) % 13) / 100 });
  for (let epoch = 1; epoch <= 10; epoch++) {
    const step = epoch * 96 - 1;
    for (const key of ['epoch/train_loss', 'epoch/val_loss', 'epoch/train_acc', 'epoch/val_acc']) points.push({ key, step, epoch, wallMs: step * 3, value: 1 / epoch });
  }
  return points;
}

function build(store: RunStore): { ingestPointsPerSec: number; longRunId: string; buildSec: number } {
  const config = parseTrainConfig(template.config);
  const started = performance.now();
  let points = 0;
  let ingestMs = 0;
  const statuses = ['completed', 'completed', 'completed', 'failed', 'stopped', 'diverged'] as const;
  for (let i = 0; i < RUNS; i++) {
    const run = store.createRun({
      name: `spirals ${i}`,
      spec: template.spec as never,
      config: { ...config, seed: i },
      datasetRef: template.dataset,
      appVersion: 'bench',
      params: { 'config.seed': String(i) },
      tags: i % 3 === 0 ? [`group-${i % 17}`] : [],
    });
    store.markRunning(run.id, null);
    const batch = runPoints(i);
    const t0 = performance.now();
    store.appendMetrics(run.id, batch);
    ingestMs += performance.now() - t0;
    points += batch.length;
    store.finishRun(run.id, statuses[i % statuses.length], { result: { epochs: 10, finalLoss: 0.1 + (i % 100) / 1000, testLoss: 0.2, testCount: 1000, testErrors: i % 97, testErrorRate: (i % 97) / 1000, wallMs: 1000 + i } });
  }
  const long = store.createRun({ name: 'long run', spec: template.spec as never, config, datasetRef: template.dataset, appVersion: 'bench', params: {} });
  store.markRunning(long.id, null);
  const t0 = performance.now();
  for (let from = 0; from < LONG; from += 1000) {
    const batch: MetricPoint[] = [];
    // a slowly falling loss with one spike at step 61,234 that every chart must show
    for (let step = from; step < from + 1000; step++) batch.push({ key: 'train/loss', step, epoch: step / 1000, wallMs: step, value: step === 61_234 ? 50 : 2 / (1 + step / 5000) });
    store.appendMetrics(long.id, batch);
  }
  ingestMs += performance.now() - t0;
  points += LONG;
  store.finishRun(long.id, 'completed', { result: { epochs: 100, finalLoss: 0.1, testLoss: 0.1, testCount: 10, wallMs: 1 } });
  return { ingestPointsPerSec: points / (ingestMs / 1000), longRunId: long.id, buildSec: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  console.log(`CPU: ${cpuLabel()} (the machine is shared: figures are medians of repeated measurements)`);
  const store = openRunStore(dataDir);
  let longRunId: string;
  if (store.pageRuns({ limit: 1 }).all === 0) {
    const built = build(store);
    longRunId = built.longRunId;
    console.log(`built ${RUNS} runs × 1,000 points + one of ${LONG.toLocaleString('en')} in ${built.buildSec.toFixed(1)} s; ingest ${Math.round(built.ingestPointsPerSec).toLocaleString('en')} points/s (appendMetrics)`);
  } else {
    longRunId = store.pageRuns({ search: 'long run', limit: 1 }).runs[0].id;
    console.log(`reusing the history in ${dataDir}`);
  }
  store.close();

  const api = createApiService({ dataDir, log: () => {} });
  const listOf = async (params: Record<string, unknown>) => JSON.stringify(await api.handle('runs.page', params)).length;
  console.log(`\nruns list (runs.page, 100 rows, through the API service + JSON), goal ≤ 50 ms:`);
  for (const params of [{}, { sort: 'name' }, { sort: 'testError', order: 'desc' }, { sort: 'tags' }, { search: 'group-3' }, { status: 'failed', sort: 'duration' }, { offset: 9_000 }]) {
    const r = await timeAsync(15, () => listOf(params));
    console.log(`  ${JSON.stringify(params).padEnd(40)} ${r.ms.toFixed(1).padStart(6)} ms median (best ${r.best.toFixed(1)}), ${r.result.toLocaleString('en')} bytes`);
  }
  const legacy = await timeAsync(3, async () => JSON.stringify(await api.handle('runs.list', {})).length);
  console.log(`  for contrast, every run at once (runs.list): ${legacy.ms.toFixed(0)} ms, ${legacy.result.toLocaleString('en')} bytes`);

  const reader = openRunStore(dataDir);
  const page = reader.pageRuns({ limit: 100 }).runs;
  const target = page[50];
  const event = time(50, () => JSON.stringify({ type: 'run.status', runId: target.id, status: 'completed', error: null, run: reader.getSummary(target.id) }));
  const patched = time(200, () => patchRow(page, { ...target, status: 'completed' }));
  console.log(`\nrun status change: one run's summary in the event, ${event.result.length} bytes; ${event.ms.toFixed(2)} ms to read and encode it (main), ${(patched.ms * 1000).toFixed(0)} µs to patch its row (UI), no list refetch`);

  const toChart = (curves: RunCurves, runId: string) => {
    const buffer = new MetricBuffer();
    buffer.loadCurves(runId, curves);
    return chartModel(buffer, [{ runId, key: 'train/loss', label: 'loss', color: '#000' }], 'step');
  };
  const viaHost = time(15, () => {
    const text = JSON.stringify(reader.curves.curves({ runId: longRunId, keys: ['train/loss'], width: WIDTH }), typedArrayReplacer);
    return { bytes: text.length, model: toChart(parseTypedJson(text) as RunCurves, longRunId) };
  });
  const viaIpc = time(15, () => {
    const bytes = serialize(reader.curves.curves({ runId: longRunId, keys: ['train/loss'], width: WIDTH }));
    return { bytes: bytes.length, model: toChart(deserialize(bytes) as RunCurves, longRunId) };
  });
  const model = viaHost.result.model;
  const spike = Math.max(...(model.data[1] as number[]).filter((v) => v !== null));
  console.log(`\n${LONG.toLocaleString('en')}-point curve to the chart (store → wire → chart model, ${WIDTH} px: min and max per bucket), goal ≤ 30 ms:`);
  console.log(`  headless host (JSON, base64 columns): ${viaHost.ms.toFixed(1)} ms median (best ${viaHost.best.toFixed(1)}), ${viaHost.result.bytes.toLocaleString('en')} bytes`);
  console.log(`  Electron IPC (structured clone):      ${viaIpc.ms.toFixed(1)} ms median (best ${viaIpc.best.toFixed(1)}), ${viaIpc.result.bytes.toLocaleString('en')} bytes`);
  console.log(`  chart points ${model.data[0].length} (${model.sourcePoints} received of ${LONG} stored); the spike at step 61,234 (50) is drawn: ${spike === 50}`);
  const zoom = time(15, () => reader.curves.curves({ runId: longRunId, keys: ['train/loss'], fromStep: 61_000, toStep: 61_500, width: WIDTH }));
  const zoomed = zoom.result['train/loss'] as CurveColumns;
  console.log(`  zoomed to steps 61,000–61,500: ${zoom.ms.toFixed(1)} ms, ${zoomed.step.length} points, full resolution: ${!zoomed.downsampled}`);
  const rows = time(5, () => reader.getMetrics(longRunId, ['train/loss']));
  console.log(`  for contrast, the same curve as rows of objects (runs.metrics): ${rows.ms.toFixed(0)} ms`);
  reader.close();
  await api.close();
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}

await main();
