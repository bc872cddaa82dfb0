import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

/** Issue 19: the run view says which device trained the run, and why no GPU when the automatic choice took none. */
interface Detail {
  run: { status: string; backendInfo: { name: string; adapter?: { vendor: string; fallback: boolean }; gpuNote?: string } | null };
}

async function trainAndOpen(app: { api<T>(method: string, params?: unknown): Promise<T>; url: string }, editor: { open(url: string): Promise<void> }, runs: { open(): Promise<void>; row(name: string): import('@playwright/test').Locator }, name: string) {
  const { runId } = await app.api<{ runId: string }>('runs.start', {
    spec: spiralsNet, config: { epochs: 1, batchSize: 50 }, dataset: { name: 'spirals', trainLimit: 200, testLimit: 100 }, name,
  });
  await expect.poll(async () => (await app.api<Detail>('runs.get', { runId })).run.status, { timeout: 240_000 }).toBe('completed');
  await editor.open(app.url);
  await runs.open();
  await runs.row(name).getByTestId('run-open').click();
  return (await app.api<Detail>('runs.get', { runId })).run.backendInfo!;
}

test.describe('a run trained on webgpu', () => {
  const saved = process.env.LAYERLAB_BACKEND;
  test.beforeAll(() => void (process.env.LAYERLAB_BACKEND = 'webgpu'));
  test.afterAll(() => (saved === undefined ? delete process.env.LAYERLAB_BACKEND : void (process.env.LAYERLAB_BACKEND = saved)));

  test('names its GPU adapter in the run view', async ({ app, editor, runs, page }) => {
    test.setTimeout(300_000);
    const info = await trainAndOpen(app, editor, runs, 'on-webgpu');
    expect(info.name).toBe('webgpu');
    const kind = info.adapter!.fallback ? 'software GPU' : 'GPU';
    await expect(page.getByTestId('run-device')).toContainText(`${kind}: ${info.adapter!.vendor}`);
  });
});

test.describe('a run the automatic choice put on the CPU', () => {
  const saved = process.env.LAYERLAB_BACKEND;
  test.beforeAll(() => void delete process.env.LAYERLAB_BACKEND);
  test.afterAll(() => (saved === undefined ? undefined : void (process.env.LAYERLAB_BACKEND = saved)));

  test('says CPU and why no GPU was used', async ({ app, editor, runs, page }) => {
    test.setTimeout(300_000);
    const info = await trainAndOpen(app, editor, runs, 'on-cpu');
    test.skip(info.name === 'webgpu' || info.name === 'tensorflow', 'this machine has a GPU the automatic choice took');
    await expect(page.getByTestId('run-device')).toContainText('CPU');
    if (info.gpuNote) await expect(page.getByTestId('run-device')).toContainText(info.gpuNote);
  });
});
