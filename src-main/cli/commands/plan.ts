import type { TemplateInfo } from '../../../src-shared/api/contract';
import { join } from 'node:path';
import { ABLATION_PRESETS, getAblationPreset, presetPlanDef, type PlanDefInput, type PlanStartResult } from '../../../src-shared/plans';
import { ApiError } from '../../services/api-service-types';
import { resolveDataDir } from '../../services/data-dir';
import { PlanService } from '../../services/plans/plan-service';
import { defaultTemplatesDir } from '../../services/templates';
import { RunManager } from '../../services/run-manager';
import type { StudyProgressView } from '../../services/study/study-progress-view';
import { EXIT, UsageError } from '../cli-error';
import { followPlan } from '../follow-plan';
import { openExistingHistory } from '../open-history';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { describePlanResult, describePlanStart, planListTable, planResultJson } from '../plan-output';
import { parseGridFlag, parseSpaceFlag, parseValue } from '../plan-flags';
import { readTemplate } from '../read-template';
import { nodeTrainerHostFactory } from '../trainer-factory';
import { openRunStore } from '../../services/open-store';
import { PLAN_SLURM_USAGE, planSlurmCommand, SLURM_SUBCOMMANDS, submitToSlurm, wantsSlurm } from './plan-slurm';
import { COMMITTEE_USAGE, committeePlan } from './plan-committee';

export const PLAN_USAGE = `layerlab plan ablate TEMPLATE.json --setting PATH --a VALUE --b VALUE --seeds N [--a-label T] [--b-label T]
       layerlab plan ablate --preset ID [TEMPLATE.json] [--seeds N]   (presets: ${ABLATION_PRESETS.map((preset) => `${preset.id}, ${preset.label}`).join('; ')})
       layerlab plan sweep TEMPLATE.json [--grid PATH=V1,V2 …] [--random N --space PATH=DIST:MIN:MAX … [--random-seed S]]
                           [--seeds N] [--objective testErrorRate|testErrors|testRmse|finalLoss]
         both: [--epochs N] [--train-limit N] [--test-limit N] [--parallel K] [--data-dir DIR] [--json]
       ${COMMITTEE_USAGE}
       layerlab plan list [--data-dir DIR] [--json]
       layerlab plan show PLAN_ID [--data-dir DIR] [--json]
on a Slurm cluster (docs/slurm.md):
       ${PLAN_SLURM_USAGE}`;

const BUDGET = {
  seeds: { type: 'string' },
  epochs: { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
  parallel: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const ABLATE = { ...BUDGET, preset: { type: 'string' }, setting: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' }, 'a-label': { type: 'string' }, 'b-label': { type: 'string' } } as const;
const SWEEP = { ...BUDGET, grid: { type: 'string', multiple: true }, random: { type: 'string' }, 'random-seed': { type: 'string' }, space: { type: 'string', multiple: true }, objective: { type: 'string' } } as const;

const FLAG_OF_FIELD: Record<string, string> = {
  seeds: '--seeds',
  epochs: '--epochs',
  trainLimit: '--train-limit',
  testLimit: '--test-limit',
  setting: '--setting',
  objective: '--objective',
  'random.trials': '--random',
  'random.seed': '--random-seed',
  columns: '--columns',
  preprocessings: '--width-norm',
};

/** `layerlab plan ablate|sweep|committee|list|show`: experiment plans over any setting, resumable by running the same command again. */
export async function planCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if ((sub === 'ablate' || sub === 'sweep') && wantsSlurm(rest)) return submitToSlurm(sub, rest, sub === 'ablate' ? ablationPlan : sweepPlan);
  if ((SLURM_SUBCOMMANDS as readonly string[]).includes(sub)) return planSlurmCommand(sub as (typeof SLURM_SUBCOMMANDS)[number], rest);
  if (sub === 'ablate' || sub === 'sweep' || sub === 'committee') return runPlan(sub, rest);
  if (sub === 'list' || sub === 'show') return inspect(sub, rest);
  throw new UsageError(`layerlab plan: expected ablate, sweep, committee, list, show, status, sync, cancel or resubmit${sub ? `, got "${sub}"` : ''}\nusage: ${PLAN_USAGE}`);
}

function budget(values: { seeds?: string; epochs?: string; 'train-limit'?: string; 'test-limit'?: string }, defaultSeeds?: number) {
  const seeds = numberFlag('--seeds', values.seeds) ?? defaultSeeds;
  return {
    ...(seeds !== undefined ? { seeds } : {}),
    ...(values.epochs !== undefined ? { epochs: numberFlag('--epochs', values.epochs) } : {}),
    ...(values['train-limit'] !== undefined ? { trainLimit: numberFlag('--train-limit', values['train-limit']) } : {}),
    ...(values['test-limit'] !== undefined ? { testLimit: numberFlag('--test-limit', values['test-limit']) } : {}),
  };
}

function ablationPlan(argv: readonly string[]) {
  const { values, positionals } = parseCommandArgs('plan ablate', argv, ABLATE);
  if (values.preset !== undefined) return presetPlan(values, positionals);
  for (const flag of ['setting', 'a', 'b', 'seeds'] as const) {
    if (values[flag] === undefined) throw new UsageError(`layerlab plan ablate: --${flag} is required\nusage: ${PLAN_USAGE}`);
  }
  const arm = (value: string, label: string | undefined) => ({ value: parseValue(value), ...(label ? { label } : {}) });
  const plan: PlanDefInput = { kind: 'ablation', setting: values.setting!, a: arm(values.a!, values['a-label']), b: arm(values.b!, values['b-label']), ...budget(values) } as PlanDefInput;
  return { values, positionals, plan };
}

/** `--preset ID`: the preset's setting and arms (or its dropout study) and seeds (--seeds overrides), on its template unless a TEMPLATE.json is given. */
function presetPlan(values: ReturnType<typeof parseCommandArgs<typeof ABLATE>>['values'], positionals: string[]) {
  const preset = getAblationPreset(values.preset!);
  if (!preset) throw new UsageError(`--preset: unknown ablation preset "${values.preset}"; known: ${ABLATION_PRESETS.map((known) => known.id).join(', ')}`);
  for (const flag of ['setting', 'a', 'b'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`layerlab plan ablate: --${flag} comes from --preset ${preset.id}; leave it out or drop --preset`);
  }
  const plan = presetPlanDef(preset, budget(values));
  return { values, positionals: positionals.length > 0 ? positionals : [join(defaultTemplatesDir(), `${preset.templateId}.json`)], plan };
}

function sweepPlan(argv: readonly string[]) {
  const { values, positionals } = parseCommandArgs('plan sweep', argv, SWEEP);
  const grid = (values.grid ?? []).map(parseGridFlag);
  const space = (values.space ?? []).map(parseSpaceFlag);
  if (values.random !== undefined && space.length === 0) throw new UsageError('--random N needs one or more --space PATH=DIST:MIN:MAX (e.g. --space config.learningRate=log-uniform:0.001:0.3)');
  if (values.random === undefined && space.length > 0) throw new UsageError('--space needs --random N, the number of random trials');
  if (grid.length === 0 && values.random === undefined) throw new UsageError(`layerlab plan sweep: give --grid PATH=V1,V2 or --random N with --space\nusage: ${PLAN_USAGE}`);
  const random =
    values.random !== undefined
      ? { random: { trials: numberFlag('--random', values.random), seed: numberFlag('--random-seed', values['random-seed']) ?? 1, space } }
      : {};
  const plan = { kind: 'sweep', grid, ...random, ...(values.objective ? { objective: values.objective } : {}), ...budget(values, 1) } as PlanDefInput;
  return { values, positionals, plan };
}

async function runPlan(sub: 'ablate' | 'sweep' | 'committee', argv: readonly string[]): Promise<number> {
  const { values, positionals, plan } = sub === 'ablate' ? ablationPlan(argv) : sub === 'sweep' ? sweepPlan(argv) : committeePlan(argv);
  if (positionals.length !== 1) throw new UsageError(`layerlab plan ${sub}: expected one TEMPLATE.json, got ${positionals.length}\nusage: ${PLAN_USAGE}`);
  const parallel = numberFlag('--parallel', values.parallel);
  if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1)) {
    throw new UsageError(`--parallel: expected a whole number of runs at once, 1 or more, got ${values.parallel}`);
  }
  const template = readTemplate(positionals[0]);
  const started = Date.now();
  const store = openRunStore(resolveDataDir(values['data-dir']));
  let view: StudyProgressView | null = null;
  const manager = new RunManager({
    store,
    trainerHostFactory: nodeTrainerHostFactory,
    maxParallel: parallel,
    log: (level, message) => {
      if (level !== 'error') return;
      if (view) view.line(message);
      else process.stderr.write(`${message}\n`);
    },
  });
  const service = new PlanService(store, manager);
  try {
    const start = startPlan(service, template, plan, positionals[0]);
    const prepared = service.prepared(start.planId);
    process.stderr.write(`${describePlanStart(service.summary(start.planId), start, prepared.arms.length, manager.maxParallel)}\n`);
    const labelOf = new Map(prepared.arms.map((arm) => [arm.key, arm.label]));
    const interrupted = await followPlan(
      {
        pending: start.pending.map((slot) => ({ runId: slot.runId, label: `${labelOf.get(slot.arm)} · seed ${slot.seed}` })),
        skipped: start.skipped.length,
        stop: () => service.stop(start.planId),
        waitFor: () => service.waitFor(start.planId),
      },
      manager,
      store,
      (progress) => (view = progress),
    );
    const detail = await service.get(start.planId);
    const wallMs = Date.now() - started;
    process.stdout.write(values.json ? `${JSON.stringify(planResultJson(detail, wallMs))}\n` : `${describePlanResult(detail, wallMs)}\n`);
    // A diverged run is a result (the same seed would diverge again), so a plan whose every slot is settled succeeded.
    const settled = detail.slots.every((slot) => slot.run?.status === 'completed' || slot.run?.status === 'diverged');
    if (settled) return EXIT.ok;
    return interrupted ? EXIT.interrupted : EXIT.runFailed;
  } finally {
    await manager.close();
    store.close();
  }
}

function startPlan(service: PlanService, template: TemplateInfo, plan: PlanDefInput, file: string): PlanStartResult {
  try {
    return service.start(template, plan);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'bad-request') {
      const message = error.message.replace(/plan\.([\w.]+):/g, (whole, field: string) => (FLAG_OF_FIELD[field] ? `${FLAG_OF_FIELD[field]}:` : whole));
      throw new UsageError(`${file}: this plan cannot start:\n${message}`);
    }
    throw error;
  }
}

async function inspect(sub: 'list' | 'show', argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(`plan ${sub}`, argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
  if (sub === 'show' && positionals.length !== 1) throw new UsageError(`layerlab plan show: expected one PLAN_ID\nusage: ${PLAN_USAGE}`);
  if (sub === 'list' && positionals.length > 0) throw new UsageError(`layerlab plan list: unexpected argument "${positionals[0]}"`);
  const store = openExistingHistory(values['data-dir']);
  if (!store) {
    if (sub === 'show') throw new UsageError(`no plan with id "${positionals[0]}": there is no history in this data dir yet`);
    process.stdout.write(values.json ? '[]\n' : 'no plans yet; start one with `layerlab plan ablate` or `layerlab plan sweep`\n');
    return EXIT.ok;
  }
  const manager = new RunManager({ store, trainerHostFactory: nodeTrainerHostFactory });
  const service = new PlanService(store, manager);
  try {
    if (sub === 'list') {
      const plans = service.list();
      if (values.json) process.stdout.write(`${JSON.stringify(plans)}\n`);
      else process.stdout.write(plans.length ? `${planListTable(plans)}\n` : 'no plans yet; start one with `layerlab plan ablate` or `layerlab plan sweep`\n');
      return EXIT.ok;
    }
    const detail = await service.get(positionals[0]);
    process.stdout.write(values.json ? `${JSON.stringify(planResultJson(detail, null))}\n` : `${describePlanResult(detail, null)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not-found') throw new UsageError(error.message);
    throw error;
  } finally {
    await manager.close();
    store.close();
  }
}
