import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { dsnStagePlan, dsnParamsSchema } from '../../../src-shared/procedures/dsn';
import { useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-dsn-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const template = JSON.parse(readFileSync(join('resources', 'templates', 'dsn-mnist.json'), 'utf8'));
for (const node of template.spec.nodes) if (node.kind === 'dense' && node.params.activation === 'sigmoid') node.params.units = 40;
const job = (runId: string, extra: Record<string, unknown> = {}) =>
  trainJobSchema.parse({ dataDir, runId, spec: template.spec, config: template.config, dataset: { name: 'mnist', trainLimit: 1000, testLimit: 300 }, procedure: template.procedure, ...extra });

describe('a DSN run resumes at the module after its last solved one', () => {
  test('stopped after module 2, resumed from its checkpoint: modules 1–2 are read back from the network, not solved again, and the run ends as the uninterrupted one', async () => {
    const plan = dsnStagePlan(dsnParamsSchema.parse(template.procedure.params));
    // The last stage of each module (its solve, or its refinement when the template refines).
    const lastOf = (k: number) => plan.findLastIndex((stage) => 'module' in stage && stage.module === k);
    const whole = await trainJob(job('whole'), { send: () => {} });
    expect(whole.status).toBe('completed');

    const controller = new AbortController();
    const stopped = await trainJob(job('first'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === lastOf(1)) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ status: 'stopped', error: `stopped after module 2 of ${template.procedure.params.modules}` });

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('second', { resume: { checkpoint: join('artifacts', 'first', 'checkpoint.json') } }), { send: (message) => second.push(message) });
    expect(resumed.status).toBe('completed');
    expect(resumed.result!.testErrors).toBe(whole.result!.testErrors);
    expect(resumed.result!.testLoss).toBeCloseTo(whole.result!.testLoss, 6);
    const solved = second.flatMap((message) => (message.type === 'metrics' ? message.points.filter((point) => point.key === 'dsn/test_error_rate').map((point) => point.stage) : []));
    expect(solved).toEqual(Array.from({ length: template.procedure.params.modules - 2 }, (_, i) => lastOf(i + 2)));
    const curve = (runId: string) => JSON.parse(readFileSync(join(dataDir, 'artifacts', runId, 'error-by-modules.json'), 'utf8'));
    const [resumedCurve, wholeCurve] = [curve('second').series, curve('whole').series];
    expect(resumedCurve.slice(0, 2)).toEqual(wholeCurve.slice(0, 2));
    // A refined module's closed-form figure is known only to the run that solved it: modules 3.. in the resumed one.
    if (wholeCurve.length > 2) expect(resumedCurve[2].y).toEqual(wholeCurve[2].y.slice(2));
  });
});

/** The template cut to its first `modules` modules, 40 hidden units each, with these params. */
function smallStack(modules: number, params: Record<string, unknown>) {
  const spec = structuredClone(template.spec);
  const last = spec.nodes.findIndex((node: { id: string }) => node.id === `y${modules}`);
  spec.nodes = spec.nodes.slice(0, last + 1);
  const kept = new Set(spec.nodes.map((node: { id: string }) => node.id));
  spec.edges = spec.edges.filter((edge: { from: string; to: string }) => kept.has(edge.from) && kept.has(edge.to));
  return { spec, procedure: { kind: 'dsn', params: { ...template.procedure.params, modules, ...params } } };
}

describe('a DSN run with RBM lower weights, refinement and fine-tuning resumes at the stage after its last finished one', () => {
  test('stopped after module 2\u2019s RBM, resumed: module 1\u2019s three stages and the RBM are carried over, module 2 is solved from the RBM\u2019s weights, and the run ends as the uninterrupted one', async () => {
    const { spec, procedure } = smallStack(2, { lowerInit: 'rbm', rbmEpochs: 1, refineEpochs: 1, refineLearningRate: 0.05, fineTuneEpochs: 1 });
    const plan = dsnStagePlan(dsnParamsSchema.parse(procedure.params));
    expect(plan.map((stage) => stage.part)).toEqual(['rbm', 'solve', 'refine', 'rbm', 'solve', 'refine', 'finetune', 'evaluate']);
    const staged = (runId: string, extra: Record<string, unknown> = {}) => job(runId, { spec, procedure, config: { ...template.config, learningRate: 0.01 }, ...extra });
    const whole = await trainJob(staged('staged-whole'), { send: () => {} });
    expect(whole.status, whole.error).toBe('completed');

    const controller = new AbortController();
    const stopped = await trainJob(staged('staged-first'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === 3) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ status: 'stopped', error: 'stopped after the RBM of module 2' });

    const second: FromTrainer[] = [];
    const resumed = await trainJob(staged('staged-second', { resume: { checkpoint: join('artifacts', 'staged-first', 'checkpoint.json') } }), { send: (message) => second.push(message) });
    expect(resumed.status, resumed.error).toBe('completed');
    expect(resumed.result!.testErrors).toBe(whole.result!.testErrors);
    expect(resumed.result!.testLoss).toBeCloseTo(whole.result!.testLoss, 6);
    const begun = second.flatMap((message) => (message.type === 'stage' && message.event === 'begin' ? [message.index] : []));
    expect(begun).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const pointsOf = (key: string) => second.flatMap((message) => (message.type === 'metrics' ? message.points.filter((point) => point.key === key).map((point) => point.stage) : []));
    // Only module 2 trains: no RBM epochs of module 1 or 2, its solve (stage 4) and refinement (stage 5).
    expect(pointsOf('rbm/reconstruction_error')).toEqual([]);
    expect(pointsOf('dsn/solve_test_error_rate')).toEqual([4]);
    expect(pointsOf('dsn/test_error_rate')).toEqual([5]);
    const table = (runId: string) => JSON.parse(readFileSync(join(dataDir, 'artifacts', runId, 'modules.json'), 'utf8'));
    expect(table('staged-second').rows.map((row: unknown[]) => row.slice(0, 9))).toEqual(table('staged-whole').rows.map((row: unknown[]) => row.slice(0, 9)));
    expect(table('staged-whole').rows.at(-1)[0]).toBe('fine-tuned stack');
  });
});
