import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { Download, Page } from '@playwright/test';
import { test, expect, type ServedApp } from './fixtures';
import { PlansPage } from './pages/plans-page';

/** A small MLP trained for 1 epoch through the API, awaited until completed. */
async function trainMlp(app: ServedApp, name: string, learningRate = 0.01): Promise<string> {
  const spec = {
    format: 1,
    name: 'export mlp',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
      { id: 'flat', kind: 'flatten', params: {} },
      { id: 'h1', kind: 'dense', params: { units: 16, activation: 'relu' } },
      { id: 'drop', kind: 'dropout', params: { rate: 0.5 } },
      { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'flat' },
      { from: 'flat', to: 'h1' },
      { from: 'h1', to: 'drop' },
      { from: 'drop', to: 'out' },
    ],
  };
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec, config: { epochs: 1, seed: 1, learningRate }, dataset: { name: 'mnist', trainLimit: 500, testLimit: 200 }, name });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
  return runId;
}

async function bytesOf(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

test.describe('Exports in the workbench', () => {
  test("the Export menu downloads the run as an ONNX model that parses and runs; a chart downloads as PNG and SVG", async ({ app, editor, runs, page }) => {
    const runId = await trainMlp(app, 'export-e2e');
    await editor.open(app.url);
    await runs.open();
    await runs.row('export-e2e').getByTestId('run-open').click();
    const detail = page.getByTestId('run-detail');
    await expect(detail).toBeVisible();

    await detail.getByTestId('export-button').click();
    const menu = page.getByTestId('export-menu');
    await expect(menu.getByRole('button')).toHaveText([/TensorFlow\.js/, /ONNX/, /Keras/, /PyTorch/, /Run record/, /Metric series/]);
    const onnx = await downloadBy(page, () => menu.getByTestId('export-onnx').click());
    expect(onnx.name).toBe(`export-e2e-${runId.slice(0, 8)}-onnx.onnx`);
    const model = onnxProto.onnx.ModelProto.decode(onnx.bytes);
    expect(model.producerName).toBe('LayerLab');
    expect(model.graph!.input![0].name).toBe('input');
    expect(model.graph!.node!.map((node) => node.opType)).not.toContain('Dropout');
    const session = await ort.InferenceSession.create(onnx.bytes);
    const output = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 784).fill(128), [2, 28, 28, 1]) });
    expect(output.output.dims).toEqual([2, 10]);
    await expect(menu).toBeHidden();

    const chart = detail.getByTestId('chart-loss');
    await expect(chart.locator('canvas').first()).toBeVisible();
    const png = await downloadBy(page, () => chart.getByTestId('chart-download-png').click());
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(2000);
    const svg = await downloadBy(page, () => chart.getByTestId('chart-download-svg').click());
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.bytes.toString('utf8')).toContain('class="curve"');
  });

  test("Compare's tables download as CSV with unrounded numbers", async ({ app, editor, runs, page }) => {
    const ids = [await trainMlp(app, 'csv-a', 0.01), await trainMlp(app, 'csv-b', 0.05)];
    await editor.open(app.url);
    await runs.open();
    await runs.select('csv-a');
    await runs.select('csv-b');
    await runs.compareSelected();
    const metrics = await downloadBy(page, () => page.getByTestId('final-metrics-csv').click());
    expect(metrics.name).toBe('compare-final-metrics.csv');
    const lines = metrics.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('run,run_id,status,test_errors,test_error_rate,final_loss,epochs_done,epochs,wall_ms,seed');
    const summaries = await Promise.all(ids.map((runId) => app.api<{ run: { finalLoss: number } }>('runs.get', { runId })));
    expect(lines.slice(1).map((line) => line.split(',')[1]).sort()).toEqual([...ids].sort());
    for (const [i, runId] of ids.entries()) expect(lines.find((line) => line.includes(runId))!.split(',')[5]).toBe(String(summaries[i].run.finalLoss));
    const settings = await downloadBy(page, () => page.getByTestId('diff-table-csv').click());
    expect(settings.bytes.toString('utf8')).toContain('config.learningRate,0.01,0.05');
  });
});

test.describe("a finished study's figures and table", () => {
  test.use({ history: 'test/fixtures/history-0.1.0' });

  test('the band charts and the weight-norm histogram download as PNG and SVG, the runs table as CSV', async ({ app, page }) => {
    const plans = new PlansPage(page);
    await page.goto(app.url);
    await plans.open('dropout');
    await page.getByTestId('plan-item').click();
    await expect(plans.status).toHaveAttribute('data-status', 'completed');

    const band = await downloadBy(page, () => page.getByTestId('plan-error-chart-download-svg').click());
    const bandSvg = band.bytes.toString('utf8');
    expect(bandSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(bandSvg.match(/class="curve"/g)!.length % 3).toBe(0);
    expect(bandSvg).toContain('+1 sd');
    const bandPng = await downloadBy(page, () => page.getByTestId('plan-loss-chart-download-png').click());
    expect(bandPng.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    const histogram = await downloadBy(page, () => page.getByTestId('norm-histogram-download-svg').click());
    const histogramSvg = histogram.bytes.toString('utf8');
    expect(histogramSvg).toContain('First-layer per-unit weight norms');
    expect(histogramSvg).toMatch(/<rect [^>]*style="fill:rgb/);
    expect(histogramSvg).not.toContain('var(--');
    const histogramPng = await downloadBy(page, () => page.getByTestId('norm-histogram-download-png').click());
    expect(histogramPng.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    const runs = await downloadBy(page, () => page.getByTestId('plan-runs-csv').click());
    const lines = runs.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('arm,arm_label,seed,status,test_errors,test_error_rate,test_rmse,final_loss,epochs_done,wall_ms,run_id');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).map((line) => Number(line.split(',')[4])).sort((a, b) => a - b)).toEqual([394, 440, 449, 472]);
  });
});
