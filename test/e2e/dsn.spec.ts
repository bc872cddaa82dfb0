import { test, expect } from './fixtures';
import { ArtifactsPage } from './pages/artifacts-page';
import { dsnParamsSchema, dsnStagePlan } from '../../src-shared/procedures/dsn';

interface Template {
  id: string;
  spec: { nodes: { kind: string; params: Record<string, unknown> }[] };
  config: Record<string, unknown>;
  procedure: { kind: string; params: { modules: number } & Record<string, unknown> };
}

test.describe('DSN procedure', () => {
  test('a DSN run view shows one completed stage per module, the error-against-modules curve and the per-module table', async ({ app, editor, runs, page }) => {
    const template = (await app.api<Template[]>('templates.list')).find((candidate) => candidate.id === 'dsn-mnist')!;
    // Test scale: 100 hidden units per module on 2,000 training images.
    for (const node of template.spec.nodes) if (node.kind === 'dense' && node.params.activation === 'sigmoid') node.params.units = 100;
    const modules = template.procedure.params.modules;
    const { runId } = await app.api<{ runId: string }>('runs.start', { spec: template.spec, config: template.config, dataset: { name: 'mnist', trainLimit: 2000, testLimit: 500 }, procedure: template.procedure, name: 'dsn-e2e' });
    await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');

    await editor.open(app.url);
    await runs.open();
    await runs.row('dsn-e2e').getByTestId('run-open').click();
    const view = new ArtifactsPage(page);
    await expect(view.detail).toBeVisible();
    await expect(view.detail.getByTestId('run-procedure')).toContainText('Deep stacking network');
    const plan = dsnStagePlan(dsnParamsSchema.parse(template.procedure.params));
    await expect(view.stages).toHaveCount(plan.length);
    for (let k = 0; k < plan.length; k++) await expect(view.stages.nth(k)).toHaveAttribute('data-status', 'completed');
    await expect(view.stages.nth(plan.findIndex((stage) => stage.part === 'solve'))).toContainText('Solving module 1');

    const curve = view.artifact('error-by-modules').getByTestId('curve');
    await expect(curve).toBeVisible();
    // train and test; with refinement also the test error of each module's closed form before it.
    await expect(curve).toHaveAttribute('data-series', plan.some((stage) => stage.part === 'refine') ? '3' : '2');
    const table = view.artifact('modules').getByTestId('artifact-table');
    await expect(table.locator('tbody tr')).toHaveCount(modules);
    await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('784');
  });
});
