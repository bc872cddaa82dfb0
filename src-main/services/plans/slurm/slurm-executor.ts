import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateInfo } from '../../../../src-shared/api/contract';
import { SLURM_ENDED_STATES, SLURM_RESUBMITTABLE_STATES, SLURM_SLOT_STATES, type SlurmPlanStatus, type SlurmSlotState, type SlurmSlotStatus, type SlurmSubmitResult, type SlurmSyncResult } from '../../../../src-shared/plans/slurm';
import type { PlanSlot } from '../../../../src-shared/plans';
import { datasetDir, hasImportedDataset } from '../../../engine/data/imported-meta';
import type { RunStore, SlurmTaskRecord, StudyRecord } from '../../../store';
import { ApiError } from '../../api-service-types';
import { importRunRecord } from '../../run-records/import-record';
import { readRunRecord, RecordError, type RunRecord } from '../../run-records/record-reader';
import { writeFileAtomic } from '../../run-records/record-layout';
import { planDatasetsDir, recordDirOf, type Submission } from '../../run-records/slot-task';
import type { PlanService } from '../plan-service';
import { slotRuns } from '../plan-detail';
import { slotRunParams, type PreparedPlan } from '../prepare-plan';
import { sbatch, scancel, taskStates } from './slurm-commands';
import { jobScript, slurmOptionsSchema, type SlurmOptions, type SlurmOptionsInput } from './slurm-options';
import { importOutcome, liveMetrics, resolveState, taskIdOf } from './slurm-states';

const SETTLED = new Set(['completed', 'diverged']);
const OPTIONS_FILE = 'slurm.json';

export type { SlurmSubmitResult, SlurmSyncResult };

/**
 * Runs a plan's slots on a Slurm cluster: one job array per submission, each task running the headless
 * CLI for its slot (`layerlab plan task`) and writing a run record under <sharedDir>/<planId>/runs/. Slurm
 * schedules; this class only submits, asks squeue/sacct, reads records, syncs finished ones into the
 * history (idempotently) and cancels. Nothing here outlives a call, so the submitting LayerLab may quit
 * and come back at any time.
 */
export class SlurmExecutor {
  constructor(
    private readonly store: RunStore,
    private readonly plans: PlanService,
  ) {}

  /**
   * Creates the plan (or finds it, as `plans.start` would) and submits every slot that has no settled run
   * in the history and no task on the cluster that has not ended badly.
   */
  async submit(template: TemplateInfo, planInput: unknown, optionsInput: SlurmOptionsInput): Promise<SlurmSubmitResult> {
    const options = parseOptions(optionsInput);
    const preview = this.plans.preview(template, planInput);
    const record = preview.existingPlanId
      ? this.store.studies.update(preview.existingPlanId, { name: preview.name, key: preview.key, options: preview.plan })
      : this.store.studies.create({ name: preview.name, key: preview.key, templateId: template.id, template, options: preview.plan, spec: template.spec, config: template.config });
    const planDir = join(options.sharedDir, record.id);
    const status = await this.status(record.id);
    const bySlot = new Map(status.slots.map((slot) => [slot.slot, slot]));
    const result: SlurmSubmitResult = { planId: record.id, planDir, jobId: null, submitted: [], skipped: [], onCluster: [] };
    const toRun: PlanSlot[] = [];
    for (const { slot, run } of slotRuns(this.store, record)) {
      const onCluster = bySlot.get(slot.key);
      if (run && SETTLED.has(run.status)) result.skipped.push(slot.key);
      else if (onCluster && !SLURM_RESUBMITTABLE_STATES.includes(onCluster.state) && onCluster.state !== 'unknown') result.onCluster.push(slot.key);
      else toRun.push(slot);
    }
    return this.send(record, planDir, options, toRun, result);
  }

  /** Submits again the slots whose latest task failed, was cancelled or timed out (and that have no settled run); `slots` narrows them. */
  async resubmit(planId: string, slots?: readonly string[]): Promise<SlurmSubmitResult> {
    const record = this.plans.record(planId);
    const sync = await this.sync(record.id);
    const planDir = sync.status.planDir;
    if (!planDir) throw new ApiError('bad-request', `plan ${record.id} was never sent to Slurm; send it with \`layerlab plan ablate|sweep … --slurm DIR\``);
    const options = this.optionsOf(planDir);
    const prepared = this.plans.prepared(record.id);
    const settled = new Set(slotRuns(this.store, record, prepared).filter((s) => s.run && SETTLED.has(s.run.status)).map((s) => s.slot.key));
    unknownSlots(slots, sync.status);
    const again = sync.status.slots.filter((s) => SLURM_RESUBMITTABLE_STATES.includes(s.state) && !settled.has(s.slot) && (!slots || slots.includes(s.slot)));
    const result: SlurmSubmitResult = { planId: record.id, planDir, jobId: null, submitted: [], skipped: [...settled], onCluster: sync.status.slots.filter((s) => !again.includes(s) && !settled.has(s.slot)).map((s) => s.slot) };
    const toRun = prepared.slots.filter((slot) => again.some((s) => s.slot === slot.key));
    return this.send(record, planDir, options, toRun, result, prepared);
  }

  private async send(record: StudyRecord, planDir: string, options: SlurmOptions, slots: PlanSlot[], result: SlurmSubmitResult, prepared: PreparedPlan = this.plans.prepared(record.id)): Promise<SlurmSubmitResult> {
    if (slots.length === 0) return result;
    mkdirSync(join(planDir, 'logs'), { recursive: true });
    mkdirSync(join(planDir, 'runs'), { recursive: true });
    writeFileAtomic(join(planDir, OPTIONS_FILE), `${JSON.stringify(options, null, 1)}\n`);
    this.shareDataset(prepared, planDir);
    const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 4)}`;
    const submissionFile = join(planDir, `submission-${stamp}.json`);
    const submission: Submission = {
      format: 1,
      planId: record.id,
      planDir,
      tasks: slots.map((slot, index) => ({ index, runId: randomUUID(), slot: slot.key, arm: slot.arm, seed: slot.seed, params: slotRunParams(prepared, record.id, slot) as unknown as Submission['tasks'][number]['params'] })),
    };
    writeFileAtomic(submissionFile, `${JSON.stringify(submission)}\n`);
    const scriptFile = submissionFile.replace(/\.json$/, '.sh');
    writeFileSync(scriptFile, jobScript(options, { name: `layerlab-${record.id.slice(0, 8)}`, tasks: slots.length, submissionFile, logDir: join(planDir, 'logs') }), { mode: 0o755 });
    const jobId = await sbatch(scriptFile);
    const submittedAt = new Date().toISOString();
    this.store.slurmTasks.add(submission.tasks.map((task) => ({ runId: task.runId, planId: record.id, slot: task.slot, arm: task.arm, seed: task.seed, jobId, arrayIndex: task.index, planDir, submittedAt })));
    result.jobId = jobId;
    result.submitted = submission.tasks.map((task) => ({ slot: task.slot, runId: task.runId, taskId: `${jobId}_${task.index}` }));
    return result;
  }

  /** An imported dataset goes next to the records, so nodes that cannot see this machine's data dir find it. */
  private shareDataset(prepared: PreparedPlan, planDir: string): void {
    const name = prepared.dataset.name;
    if (!hasImportedDataset(this.store.dataDir, name)) return;
    const target = join(planDatasetsDir(planDir), name);
    if (!existsSync(target)) cpSync(datasetDir(this.store.dataDir, name), target, { recursive: true });
  }

  private optionsOf(planDir: string): SlurmOptions {
    const file = join(planDir, OPTIONS_FILE);
    try {
      return slurmOptionsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new ApiError('bad-request', `${file}: cannot read the plan's Slurm options (${(error as Error).message}); is the shared folder mounted here?`);
    }
  }

  /** Every submitted slot's latest task: its state (Slurm's, or what its record and output say), message and live figures. */
  async status(planId: string): Promise<SlurmPlanStatus> {
    const record = this.plans.record(planId);
    const tasks = this.store.slurmTasks.ofPlan(record.id);
    const live = await taskStates([...new Set(tasks.filter((t) => !t.finalState).map((t) => t.jobId))]);
    const latest = new Map<string, { task: SlurmTaskRecord; attempts: number }>();
    for (const task of tasks) latest.set(task.slot, { task, attempts: (latest.get(task.slot)?.attempts ?? 0) + 1 });
    const planDir = tasks.at(-1)?.planDir ?? null;
    const timeLimit = planDir && existsSync(join(planDir, OPTIONS_FILE)) ? this.optionsOf(planDir).time : undefined;
    const slots: SlurmSlotStatus[] = [];
    for (const { task, attempts } of latest.values()) {
      const runRecord = readRecord(task);
      const resolved = resolveState(task, live.get(taskIdOf(task)), runRecord, timeLimit);
      if (!task.finalState && resolved.slurmState && SLURM_ENDED_STATES.includes(resolved.state)) this.store.slurmTasks.setFinalState(task.runId, resolved.slurmState, resolved.message);
      slots.push({
        slot: task.slot,
        arm: task.arm,
        seed: task.seed,
        state: resolved.state,
        taskId: taskIdOf(task),
        runId: task.runId,
        attempts,
        synced: task.syncedAt !== null,
        slurmState: resolved.slurmState,
        message: resolved.message,
        live: runRecord ? liveMetrics(runRecord) : null,
      });
    }
    const counts = Object.fromEntries(SLURM_SLOT_STATES.map((state) => [state, slots.filter((s) => s.state === state).length])) as Record<SlurmSlotState, number>;
    return { planId: record.id, planDir, slots, counts };
  }

  /**
   * Brings every ended task's record into the history as its run, linked to its slot; a task synced before
   * adds nothing, so sync may run as often as one likes (the plan view does while it is open). Earlier
   * attempts of a slot are synced too, oldest first, so a slot's latest run is its latest attempt.
   */
  async sync(planId: string): Promise<SlurmSyncResult> {
    const record = this.plans.record(planId);
    const before = await this.status(record.id);
    const imported: SlurmSyncResult['imported'] = [];
    const latestState = new Map(before.slots.map((s) => [s.runId, s]));
    const tasks = this.store.slurmTasks.ofPlan(record.id);
    const live = await taskStates([...new Set(tasks.filter((t) => !t.finalState && !latestState.has(t.runId)).map((t) => t.jobId))]);
    const timeLimit = before.planDir && existsSync(join(before.planDir, OPTIONS_FILE)) ? this.optionsOf(before.planDir).time : undefined;
    for (const task of tasks) {
      if (task.syncedAt) continue;
      const runRecord = readRecord(task);
      if (!runRecord) continue;
      const resolved = latestState.get(task.runId) ?? { ...resolveState(task, live.get(taskIdOf(task)), runRecord, timeLimit) };
      if (!SLURM_ENDED_STATES.includes(resolved.state)) continue;
      const outcome = importOutcome({ state: resolved.state, slurmState: resolved.slurmState, message: resolved.message }, runRecord);
      importRunRecord(this.store, runRecord, outcome, { planId: record.id, arm: task.arm, seed: task.seed });
      this.store.slurmTasks.markSynced(task.runId);
      imported.push({ slot: task.slot, runId: task.runId, status: outcome.status });
    }
    return { imported, status: imported.length ? await this.status(record.id) : before };
  }

  /** Cancels the plan's pending and running tasks (or only those of `slots`) with scancel; returns the slots cancelled. */
  async cancel(planId: string, slots?: readonly string[]): Promise<string[]> {
    const status = await this.status(planId);
    unknownSlots(slots, status);
    const targets = status.slots.filter((s) => (s.state === 'pending' || s.state === 'running') && (!slots || slots.includes(s.slot)));
    await scancel(targets.map((s) => s.taskId));
    for (const target of targets) this.store.slurmTasks.markCancelRequested(target.runId);
    return targets.map((s) => s.slot);
  }
}

function parseOptions(input: SlurmOptionsInput): SlurmOptions {
  const parsed = slurmOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ApiError('bad-request', parsed.error.issues.map((issue) => `slurm.${issue.path.join('.')}: ${issue.message}`).join('\n'));
}

function unknownSlots(slots: readonly string[] | undefined, status: SlurmPlanStatus): void {
  const known = new Set(status.slots.map((s) => s.slot));
  const unknown = (slots ?? []).filter((slot) => !known.has(slot));
  if (unknown.length > 0) throw new ApiError('bad-request', `no Slurm task for slot ${unknown.join(', ')}; slots sent to Slurm: ${[...known].join(', ') || 'none'}`);
}

function readRecord(task: SlurmTaskRecord): RunRecord | null {
  try {
    return readRunRecord(recordDirOf(task.planDir, task.runId));
  } catch (error) {
    if (error instanceof RecordError) return null;
    throw error;
  }
}
