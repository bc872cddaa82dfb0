import type { PlanDefInput } from '../../../src-shared/plans';
import type { SlurmPlanStatus, SlurmSlotStatus } from '../../../src-shared/plans/slurm';
import { SLURM_ENDED_STATES } from '../../../src-shared/plans/slurm';
import { ApiError } from '../../services/api-service-types';
import { resolveDataDir } from '../../services/data-dir';
import { openRunStore } from '../../services/open-store';
import { SlurmError } from '../../services/plans/slurm/slurm-commands';
import { SlurmExecutor } from '../../services/plans/slurm/slurm-executor';
import type { SlurmOptionsInput } from '../../services/plans/slurm/slurm-options';
import { PlanService } from '../../services/plans/plan-service';
import { runSlotTask } from '../../services/run-records/slot-task';
import { RunManager } from '../../services/run-manager';
import { EXIT, UsageError } from '../cli-error';
import { formatDuration } from '../format';
import { numberFlag, parseCommandArgs } from '../parse-args';
import { readTemplate } from '../read-template';
import { nodeTrainerHostFactory } from '../trainer-factory';

export const PLAN_SLURM_USAGE = `layerlab plan ablate|sweep … --slurm SHARED_DIR [--partition P] [--time HH:MM:SS] [--cpus-per-task N] [--mem 4G]
                           [--max-running N] [--sbatch LINE …] [--setup 'module load nodejs'] [--layerlab CMD]
       layerlab plan status PLAN_ID [--data-dir DIR] [--json]
       layerlab plan sync PLAN_ID [--wait] [--poll SECONDS] [--data-dir DIR] [--json]
       layerlab plan cancel PLAN_ID [--slot KEY …] [--data-dir DIR] [--json]
       layerlab plan resubmit PLAN_ID [--slot KEY …] [--data-dir DIR] [--json]`;

export const SLURM_SUBCOMMANDS = ['status', 'sync', 'cancel', 'resubmit', 'task'] as const;

/** The flags of a plan sent to Slurm, taken out before the plan's own flags are read. */
const SUBMIT_FLAGS = { slurm: 'string', partition: 'string', time: 'string', 'cpus-per-task': 'string', mem: 'string', 'max-running': 'string', sbatch: 'multiple', setup: 'string', layerlab: 'string' } as const;

export function wantsSlurm(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--slurm' || arg.startsWith('--slurm='));
}

function splitSlurmFlags(argv: readonly string[]): { slurm: Record<string, string[]>; rest: string[] } {
  const slurm: Record<string, string[]> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? argv[i].slice(2).split(/=(.*)/s, 2) : [''];
    if (!(flag in SUBMIT_FLAGS)) {
      rest.push(argv[i]);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value\nusage: ${PLAN_SLURM_USAGE}`);
    (slurm[flag] ??= []).push(value);
  }
  return { slurm, rest };
}

function slurmOptions(flags: Record<string, string[]>): SlurmOptionsInput {
  const one = (flag: string) => flags[flag]?.at(-1);
  const count = (flag: string) => {
    const value = numberFlag(`--${flag}`, one(flag));
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new UsageError(`--${flag}: expected a whole number, 1 or more, got ${one(flag)}`);
    return value;
  };
  return {
    sharedDir: one('slurm')!,
    ...(one('partition') ? { partition: one('partition') } : {}),
    ...(one('time') ? { time: one('time') } : {}),
    ...(one('cpus-per-task') ? { cpusPerTask: count('cpus-per-task') } : {}),
    ...(one('mem') ? { mem: one('mem') } : {}),
    ...(one('max-running') ? { maxRunning: count('max-running') } : {}),
    sbatchLines: flags.sbatch ?? [],
    ...(one('setup') ? { setup: one('setup') } : {}),
    ...(one('layerlab') ? { layerlab: one('layerlab') } : {}),
  };
}

const SLURM_FLAG_OF_FIELD: Record<string, string> = { sharedDir: '--slurm', cpusPerTask: '--cpus-per-task', maxRunning: '--max-running', sbatchLines: '--sbatch', partition: '--partition', time: '--time', mem: '--mem', setup: '--setup', layerlab: '--layerlab' };

function usageFrom(error: unknown): never {
  if (error instanceof ApiError && (error.code === 'bad-request' || error.code === 'not-found')) {
    throw new UsageError(error.message.replace(/slurm\.(\w+)/g, (whole, field: string) => SLURM_FLAG_OF_FIELD[field] ?? whole));
  }
  if (error instanceof SlurmError) throw new UsageError(error.message);
  throw error;
}

function open(dataDir: string | undefined) {
  const store = openRunStore(resolveDataDir(dataDir));
  const manager = new RunManager({ store, trainerHostFactory: nodeTrainerHostFactory });
  const plans = new PlanService(store, manager);
  return {
    store,
    plans,
    slurm: new SlurmExecutor(store, plans),
    close: async () => {
      await manager.close();
      store.close();
    },
  };
}

/** `layerlab plan ablate|sweep … --slurm DIR`: the plan's slots go to Slurm as one job array; the command returns once sbatch took it. */
export async function submitToSlurm(sub: 'ablate' | 'sweep', argv: readonly string[], buildPlan: (argv: readonly string[]) => { values: { 'data-dir'?: string; json?: boolean }; positionals: string[]; plan: PlanDefInput }): Promise<number> {
  const { slurm, rest } = splitSlurmFlags(argv);
  const { values, positionals, plan } = buildPlan(rest);
  if (positionals.length !== 1) throw new UsageError(`layerlab plan ${sub}: expected one TEMPLATE.json, got ${positionals.length}`);
  const template = readTemplate(positionals[0]);
  const lab = open(values['data-dir']);
  try {
    const result = await lab.slurm.submit(template, plan, slurmOptions(slurm)).catch(usageFrom);
    const summary = lab.plans.summary(result.planId);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    const sent = result.jobId
      ? `${result.submitted.length} slot${result.submitted.length === 1 ? '' : 's'} sent to Slurm as job array ${result.jobId} (tasks ${result.submitted[0].taskId}…${result.submitted.at(-1)!.taskId})`
      : 'nothing to send';
    const already = [result.skipped.length ? `${result.skipped.length} done already` : '', result.onCluster.length ? `${result.onCluster.length} on the cluster already` : ''].filter(Boolean).join(', ');
    process.stderr.write(
      `plan ${result.planId} (${summary.kind}): ${summary.runsTotal} runs, ${sent}${already ? `; ${already}` : ''}\n` +
        `records in ${result.planDir}; watch with \`layerlab plan status ${result.planId}\`, bring results home with \`layerlab plan sync ${result.planId}\`\n`,
    );
    return EXIT.ok;
  } finally {
    await lab.close();
  }
}

export async function planSlurmCommand(sub: (typeof SLURM_SUBCOMMANDS)[number], argv: readonly string[]): Promise<number> {
  if (sub === 'task') return task(argv);
  const { values, positionals } = parseCommandArgs(`plan ${sub}`, argv, {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    slot: { type: 'string', multiple: true },
    wait: { type: 'boolean' },
    poll: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(`layerlab plan ${sub}: expected one PLAN_ID\nusage: ${PLAN_SLURM_USAGE}`);
  if (values.slot && sub !== 'cancel' && sub !== 'resubmit') throw new UsageError(`layerlab plan ${sub}: --slot is for cancel and resubmit`);
  if (values.wait && sub !== 'sync') throw new UsageError(`layerlab plan ${sub}: --wait is for sync`);
  const planId = positionals[0];
  const lab = open(values['data-dir']);
  const print = (json: unknown, text: string) => process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
  try {
    if (sub === 'status') {
      const status = await lab.slurm.status(planId).catch(usageFrom);
      print(status, statusTable(status));
      return EXIT.ok;
    }
    if (sub === 'cancel') {
      const cancelled = await lab.slurm.cancel(planId, values.slot).catch(usageFrom);
      print({ cancelled }, cancelled.length ? `cancelled ${cancelled.join(', ')}` : 'nothing pending or running to cancel');
      return EXIT.ok;
    }
    if (sub === 'resubmit') {
      const result = await lab.slurm.resubmit(planId, values.slot).catch(usageFrom);
      print(result, result.jobId ? `resubmitted ${result.submitted.map((s) => `${s.slot} as ${s.taskId}`).join(', ')}` : 'no failed, cancelled or timed-out slot to resubmit');
      return EXIT.ok;
    }
    const pollMs = (numberFlag('--poll', values.poll) ?? 5) * 1000;
    return await sync(lab.slurm, planId, Boolean(values.wait), pollMs, print);
  } finally {
    await lab.close();
  }
}

async function sync(slurm: SlurmExecutor, planId: string, wait: boolean, pollMs: number, print: (json: unknown, text: string) => void): Promise<number> {
  const imported: { slot: string; runId: string; status: string }[] = [];
  for (;;) {
    const result = await slurm.sync(planId).catch(usageFrom);
    for (const run of result.imported) {
      imported.push(run);
      if (wait) process.stderr.write(`synced ${run.slot}: ${run.status} (run ${run.runId.slice(0, 8)})\n`);
    }
    const open = result.status.slots.filter((s) => !SLURM_ENDED_STATES.includes(s.state) && s.state !== 'unknown');
    if (!wait || open.length === 0) {
      print({ imported, status: result.status }, `${imported.length ? `synced ${imported.length} run${imported.length === 1 ? '' : 's'}: ${imported.map((r) => `${r.slot} ${r.status}`).join(', ')}` : 'nothing new to sync'}\n${statusTable(result.status)}`);
      return EXIT.ok;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function liveText(slot: SlurmSlotStatus): string {
  if (!slot.live || slot.state === 'pending') return '';
  const { epochsDone, epochs, trainLoss, valAcc } = slot.live;
  const parts = [`epoch ${Math.floor(epochsDone)}/${epochs}`];
  if (trainLoss !== null) parts.push(`loss ${trainLoss.toFixed(4)}`);
  if (valAcc !== null) parts.push(`val acc ${(valAcc * 100).toFixed(1)}%`);
  if (slot.live.heartbeatAt && slot.state === 'running') parts.push(`beat ${formatDuration(Date.now() - Date.parse(slot.live.heartbeatAt))} ago`);
  return parts.join(', ');
}

function statusTable(status: SlurmPlanStatus): string {
  if (status.slots.length === 0) return `plan ${status.planId}: nothing sent to Slurm yet`;
  const counts = Object.entries(status.counts).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ');
  const rows = status.slots.map((slot) =>
    [slot.slot.padEnd(10), slot.state.padEnd(10), slot.taskId.padEnd(10), (slot.synced ? 'synced' : '').padEnd(7), liveText(slot), slot.message ? `— ${slot.message}` : ''].join(' ').trimEnd(),
  );
  return [`plan ${status.planId} on Slurm (${status.planDir}): ${counts}`, `${'slot'.padEnd(10)} ${'state'.padEnd(10)} ${'task'.padEnd(10)} ${''.padEnd(7)}`, ...rows].join('\n');
}

/** `layerlab plan task SUBMISSION.json INDEX`: what each Slurm task runs (job scripts call it; not for people). */
async function task(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('plan task', argv, { threads: { type: 'string' } });
  if (positionals.length !== 2) throw new UsageError('layerlab plan task: expected SUBMISSION.json and a task index (Slurm job scripts call this; see `layerlab plan sweep --slurm`)');
  const index = numberFlag('INDEX', positionals[1])!;
  const threads = numberFlag('--threads', values.threads);
  try {
    return await runSlotTask(positionals[0], index, nodeTrainerHostFactory, threads && threads > 0 ? threads : undefined);
  } catch (error) {
    return usageFrom(error);
  }
}
