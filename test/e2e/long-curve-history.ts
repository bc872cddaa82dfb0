/**
 * Writes a history with one finished run of 20,000 step losses through RunStore, for
 * chart-zoom.spec.ts: `node --import tsx test/e2e/long-curve-history.ts DATA_DIR`.
 */
import { openRunStore } from '../../src-main/services/open-store';
import { parseTrainConfig } from '../../src-shared/config/validate';
import type { MetricPoint } from '../../src-shared/api/metrics';
import template from '../../resources/templates/spirals-mlp.json' with { type: 'json' };

export const LONG_CURVE_POINTS = 20_000;

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: long-curve-history.ts DATA_DIR');
const store = openRunStore(dataDir);
const run = store.createRun({ name: 'long-curve', spec: template.spec as never, config: parseTrainConfig(template.config), datasetRef: template.dataset, appVersion: 'e2e', params: {} });
store.markRunning(run.id, null);
const points: MetricPoint[] = [];
for (let step = 0; step < LONG_CURVE_POINTS; step++) {
  points.push({ key: 'train/loss', step, epoch: step / 1000, wallMs: step, value: 1 / (1 + step / 2000) });
}
for (let epoch = 1; epoch <= 20; epoch++) points.push({ key: 'epoch/train_loss', step: epoch * 1000 - 1, epoch, wallMs: epoch * 1000, value: 1 / epoch });
store.appendMetrics(run.id, points);
store.finishRun(run.id, 'completed', { result: { epochs: 20, finalLoss: 0.1, testLoss: 0.1, testCount: 1000, testErrors: 10, testErrorRate: 0.01, wallMs: 20_000 } });
store.close();
