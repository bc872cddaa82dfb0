import type { TemplateInfo } from '../../../src-shared/api/contract';
import { FINISHED_STATUSES, type Progress, type RunSummary } from '../../../src-shared/api/run';
import { parseTemplate, TemplateError } from '../../../src-shared/network/templates-schema';
import type { PlanDetail, PlanPreview, PlanSlotRef, PlanStartResult, PlanSummary, StartPlanParams } from '../../../src-shared/plans';
import type { RunStore, StudyRecord } from '../../store';
import { ApiError } from '../api-service-types';
import type { RunManager } from '../run-manager';
import { RESUMABLE_STATUSES } from '../run-resume';
import { validateRunInput } from '../run-input';
import { FinishedRunCache, TestLabels } from '../study/test-outcomes';
import { committeeOf } from './committee-detail';
import { planDetail, slotRuns, storedPlan, summarisePlan, type PlanLive } from './plan-detail';
import { preparePlan, slotRunParams, type PreparedPlan } from './prepare-plan';

/** Slots whose latest run ended like this are not run again: the same seed would end the same way. */
const SETTLED = new Set(['completed', 'diverged']);

/**
 * Experiment plans (the dropout study, ablations, sweeps): one runner for all. Starting a plan skips slots
 * whose run is settled, continues a crashed or stopped slot run from its last checkpoint, and queues the rest
 * through the RunManager; starting the same plan again (same key: more seeds or trials are the same plan)
 * does the same, so nothing already done is trained twice.
 */
export class PlanService {
  private readonly labels: TestLabels;
  private readonly finished = new FinishedRunCache();
  private readonly progress = new Map<string, Progress>();

  constructor(
    private readonly store: RunStore,
    private readonly runs: RunManager,
  ) {
    this.labels = new TestLabels(store.dataDir);
    runs.subscribe((event) => {
      if (event.type === 'run.progress') this.progress.set(event.progress.runId, event.progress);
      else if (event.type === 'run.status' && FINISHED_STATUSES.includes(event.status)) this.progress.delete(event.runId);
    });
  }

  /** The template of a plans.start / plans.preview call: one of `templates` by id, or the inline one checked. */
  resolveTemplate(params: Pick<StartPlanParams, 'templateId' | 'template'>, templates: () => TemplateInfo[]): TemplateInfo {
    if (params.template !== undefined) {
      try {
        return parseTemplate(params.template, 'template');
      } catch (error) {
        if (error instanceof TemplateError) throw new ApiError('bad-request', error.message);
        throw error;
      }
    }
    const available = templates();
    const template = available.find((t) => t.id === params.templateId);
    if (!template) throw new ApiError('bad-request', `templateId: no template "${params.templateId}"; templates: ${available.map((t) => t.id).join(', ')}`);
    return template;
  }

  /** Checks the plan and every arm's run before anything is stored, so a bad plan leaves no empty plan behind. */
  private prepare(template: TemplateInfo, plan: unknown): PreparedPlan {
    const prepared = preparePlan(template, plan);
    const problems = new Set<string>();
    for (const arm of prepared.arms) {
      try {
        validateRunInput(slotRunParams(prepared, 'check', { key: `${arm.key}/s1`, arm: arm.key, seed: 1 }), this.store.dataDir);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        problems.add(prepared.arms.length > 1 ? `${arm.label}: ${error.message}` : error.message);
      }
    }
    if (problems.size > 0) throw new ApiError('bad-request', [...problems].join('\n'));
    return prepared;
  }

  /**
   * The stored plan with the prepared plan's key. A plan stored under another key (a 0.1.0 study, keyed with
   * its seed count; a template stored before a config field existed) is found by recomputing its key.
   */
  private find(prepared: PreparedPlan): StudyRecord | undefined {
    const byKey = this.store.studies.findByKey(prepared.key);
    if (byKey) return byKey;
    return this.store.studies.list().find((record) => {
      try {
        return storedPlan(record).key === prepared.key;
      } catch {
        return false;
      }
    });
  }

  preview(template: TemplateInfo, plan: unknown): PlanPreview {
    const prepared = this.prepare(template, plan);
    const existing = this.find(prepared);
    const done = existing ? slotRuns(this.store, existing, prepared).filter((s) => s.run && SETTLED.has(s.run.status)).length : 0;
    const { key, name, arms, slots } = prepared;
    return { key, name, kind: prepared.plan.kind, plan: prepared.plan, arms, slots, existingPlanId: existing?.id ?? null, done };
  }

  start(template: TemplateInfo, plan: unknown): PlanStartResult {
    const prepared = this.prepare(template, plan);
    const existing = this.find(prepared);
    const record = existing
      ? this.store.studies.update(existing.id, { name: prepared.name, key: prepared.key, options: prepared.plan })
      : this.store.studies.create({
          name: prepared.name,
          key: prepared.key,
          templateId: template.id,
          template,
          options: prepared.plan,
          spec: template.spec,
          config: template.config,
        });

    const result: PlanStartResult = { planId: record.id, resumed: existing !== undefined, skipped: [], pending: [], queued: 0, continued: 0 };
    for (const { slot, run } of slotRuns(this.store, record, prepared)) {
      const ref = (runId: string): PlanSlotRef => ({ slot: slot.key, arm: slot.arm, seed: slot.seed, runId });
      if (run && SETTLED.has(run.status)) {
        result.skipped.push(ref(run.id));
      } else if (run && (run.status === 'queued' || run.status === 'running')) {
        result.pending.push(ref(run.id));
      } else {
        const continued = run && this.continueFromCheckpoint(run);
        const { runId } = continued ?? this.runs.start(slotRunParams(prepared, record.id, slot));
        this.store.studies.linkRun(record.id, { runId, variant: slot.arm, seed: slot.seed });
        result.pending.push(ref(runId));
        result.queued += 1;
        if (continued) result.continued += 1;
      }
    }
    if (result.pending.length > 0) this.runs.emit({ type: 'runs.changed' });
    return result;
  }

  /**
   * A crashed or stopped slot run continues from its last checkpoint (as `layerlab resume` would: same
   * network, config and seed, ending as the uninterrupted run); undefined when it has none to continue from.
   */
  private continueFromCheckpoint(run: RunSummary): { runId: string } | undefined {
    if (!RESUMABLE_STATUSES.includes(run.status)) return undefined;
    try {
      return this.runs.resume(run.id);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') return undefined;
      throw error;
    }
  }

  /**
   * Resolves when every run of the plan has finished. Runs of this RunManager settle through it; a run
   * another process is training (the same plan started from the app and the CLI) is followed in the
   * store, and counted as crashed once that process is gone.
   */
  async waitFor(planId: string, pollMs = 1000): Promise<RunSummary[]> {
    const record = this.require(planId);
    const runIds = slotRuns(this.store, record).flatMap((s) => (s.run ? [s.run.id] : []));
    return Promise.all(runIds.map((runId) => Promise.race([this.runs.waitForRun(runId), this.finishedInStore(runId, pollMs)])));
  }

  private async finishedInStore(runId: string, pollMs: number): Promise<RunSummary> {
    for (;;) {
      const run = this.store.getSummary(runId);
      if (run && FINISHED_STATUSES.includes(run.status)) return run;
      if (run && this.runs.trainerPid(runId) === undefined) this.store.recoverInterrupted();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private get live(): PlanLive {
    return {
      progress: (runId: string) => this.progress.get(runId),
      parallel: this.runs.maxParallel,
      committee: (prepared, slots) => committeeOf(this.store, prepared, slots, this.labels, this.finished),
    };
  }

  list(): PlanSummary[] {
    return this.store.studies.list().map((record) => summarisePlan(this.store, record, this.live));
  }

  summary(planId: string): PlanSummary {
    return summarisePlan(this.store, this.require(planId), this.live);
  }

  get(planId: string): Promise<PlanDetail> {
    return planDetail(this.store, this.require(planId), this.live, this.labels, this.finished);
  }

  /** Stops the plan's queued and running runs. */
  stop(planId: string): void {
    for (const { run } of slotRuns(this.store, this.require(planId))) {
      if (run && (run.status === 'queued' || run.status === 'running')) this.runs.stop(run.id);
    }
  }

  record(planId: string): StudyRecord {
    return this.require(planId);
  }

  prepared(planId: string): PreparedPlan {
    return storedPlan(this.require(planId));
  }

  /** A plan by id or by a unique prefix of 6 or more characters. */
  private require(planId: string): StudyRecord {
    const record =
      this.store.studies.get(planId) ??
      (planId.length >= 6 ? this.store.studies.list().find((study) => study.id.startsWith(planId)) : undefined);
    if (!record) throw new ApiError('not-found', `no plan with id "${planId}"; \`layerlab plan list\` shows them`);
    return record;
  }
}
