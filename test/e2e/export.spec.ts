import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { Download, Page } from '@playwright/test';
import { test, expect, type ServedApp } from './fixtures';

/** A small MLP trained for 1 epoch through the API, awaited until completed. */
async function trainMlp(app: ServedApp, name: string): Promise<string> {
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
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec, config: { epochs: 1, seed: 1 }, dataset: { name: 'mnist', trainLimit: 500, testLimit: 200 }, name });
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

test.describe('Export from a run page', () => {
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
});
