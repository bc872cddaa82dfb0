import { test, expect, type ServedApp } from './fixtures';
import { ArtifactsPage } from './pages/artifacts-page';

interface Template {
  id: string;
  spec: { nodes: { id: string; kind: string; params: Record<string, unknown> }[] };
  config: Record<string, unknown>;
  procedure: { kind: string; params: Record<string, unknown> };
}

const SPARSITIES = [0.5, 0.9];

/** The OBD template at test scale (2,000 training images, one epoch, two rounds) with this ranking method. */
async function startObd(app: ServedApp, method: string): Promise<string> {
  const template = (await app.api<Template[]>('templates.list')).find((candidate) => candidate.id === 'obd-mlp-784-300-100-10')!;
  const procedure = { kind: 'obd', params: { ...template.procedure.params, method, sparsities: SPARSITIES, retrainEpochs: 1, hessianExamples: 300, saliencySamples: 40, sensitivityLevels: [0.5, 0.9] } };
  const { runId } = await app.api<{ runId: string }>('runs.start', {
    spec: template.spec,
    config: { ...template.config, epochs: 1 },
    dataset: { name: 'mnist', trainLimit: 2000, testLimit: 500 },
    procedure,
    name: `obd-e2e-${method}`,
  });
  return runId;
}

test.describe('OBD procedure', () => {
  test('an OBD run view shows the error-against-sparsity chart, the predicted-vs-actual saliency plot and the sensitivity table; Compare draws the three methods in one chart', async ({ app, editor, runs, compare, page }) => {
    test.setTimeout(480_000);
    const ids = [];
    for (const method of ['obd', 'magnitude', 'random']) ids.push(await startObd(app, method));
    for (const runId of ids) {
      await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 300_000 }).toBe('completed');
    }

    await editor.open(app.url);
    await runs.open();
    await runs.row('obd-e2e-obd').getByTestId('run-open').click();
    const view = new ArtifactsPage(page);
    await expect(view.detail).toBeVisible();
    await expect(view.detail.getByTestId('run-procedure')).toContainText('Optimal Brain Damage');
    const stageCount = 2 + 2 * SPARSITIES.length + 1;
    await expect(view.stages).toHaveCount(stageCount);
    for (let k = 0; k < stageCount; k++) await expect(view.stages.nth(k)).toHaveAttribute('data-status', 'completed');
    await expect(view.stages.nth(2)).toContainText('Deleting weights saliency (OBD) to 50%');

    const curve = view.artifact('error-vs-sparsity').getByTestId('curve');
    await expect(curve).toBeVisible();
    // train, test, and test right after each deletion.
    await expect(curve).toHaveAttribute('data-series', '3');
    await expect(view.artifact('saliency-vs-actual').getByTestId('scatter')).toHaveAttribute('data-points', '40');
    const table = view.artifact('layer-sensitivity').getByTestId('artifact-table');
    await expect(table.locator('tbody tr')).toHaveCount(3 * 2);
    await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('fc1');
    await expect(view.artifact('layer-sensitivity-curve').getByTestId('curve')).toHaveAttribute('data-series', '3');

    // The comparison: the three methods' error-against-sparsity curves in one chart.
    await runs.open();
    for (const method of ['obd', 'magnitude', 'random']) await runs.select(`obd-e2e-${method}`);
    await runs.compareSelected();
    await expect(compare.view).toBeVisible();
    const overlay = compare.view.locator('[data-testid="curve-overlay"][data-name="error-vs-sparsity"]');
    await expect(overlay.getByTestId('artifact-overlay')).toContainText('3 runs in one chart');
    const chart = overlay.getByTestId('curve');
    await expect(chart).toHaveAttribute('data-series', '3');
    for (const method of ['obd', 'magnitude', 'random']) await expect(chart).toContainText(`obd-e2e-${method}`);
    await overlay.getByTestId('curve-overlay-series').selectOption({ label: 'all' });
    await expect(chart).toHaveAttribute('data-series', '9');
  });
});
