import type { TemplateInfo } from '../../../src-shared/api/contract';
import { FINISHED_STATUSES, type RunSummary } from '../../../src-shared/api/run';
import { STUDY_VARIANTS, StudyOptionsError, parseStudyOptions, type StudyDetail, type StudyStartResult, type StudySummary } from '../../../src-shared/study';
import type { RunStore, StudyRecord } from '../../store';
import { ApiError } from '../api-service-types';
import { APP_VERSION } from '../app-version';
import type { RunManager } from '../run-manager';
import { RESUMABLE_STATUSES } from '../run-resume';
import { validateRunInput } from '../run-input';
import { storedStudy, studyDetail, studySlotRuns, summariseStudy } from './study-detail';
import { studyReportHtml, type StudyReportContext } from './report';
import { planStudy, slotRunParams } from './study-plan';
import { FinishedRunCache, TestLabels } from './test-outcomes';

export type StudyStart = StudyStartResult;

/** Slots whose latest run ended like this are not run again: the same seed would end the same way. */
const SETTLED = new Set(['completed', 'diverged']);

/**
 * Dropout studies: a template and its ablation over seeds 1..N, every run queued through the
 * RunManager and kept in the store; starting the same study again queues only the slots without a
 * completed run, continuing a crashed or stopped run from its last checkpoint where it has one.
 */
export class StudyService {
  private readonly labels: TestLabels;
  private readonly finished = new FinishedRunCache();

  constructor(
    private readonly store: RunStore,
    private readonly runs: RunManager,
  ) {
    this.labels = new TestLabels(store.dataDir);
  }

  start(template: TemplateInfo, rawOptions: unknown): StudyStart {
    let options;
    try {
      options = parseStudyOptions(rawOptions);
    } catch (error) {
      if (error instanceof StudyOptionsError) throw new ApiError('bad-request', error.message);
      throw error;
    }
    const plan = planStudy(template, options);
    // Check both variants before storing anything, so a bad template leaves no empty study behind.
    validateRunInput(slotRunParams(plan, 'check', 'dropout', 1), this.store.dataDir);
    validateRunInput(slotRunParams(plan, 'check', 'noDropout', 1), this.store.dataDir);

    const existing = this.store.studies.findByKey(plan.key);
    const record =
      existing ??
      this.store.studies.create({
        name: plan.name,
        key: plan.key,
        templateId: template.id,
        template,
        options: plan.options,
        spec: template.spec,
        config: template.config,
      });

    const result: StudyStart = { studyId: record.id, resumed: existing !== undefined, skipped: [], pending: [], queued: 0, continued: 0 };
    for (const slot of studySlotRuns(this.store, record)) {
      const run = slot.run;
      if (run && SETTLED.has(run.status)) {
        result.skipped.push({ variant: slot.variant, seed: slot.seed, runId: run.id });
      } else if (run && (run.status === 'queued' || run.status === 'running')) {
        result.pending.push({ variant: slot.variant, seed: slot.seed, runId: run.id });
      } else {
        const continued = run && this.continueFromCheckpoint(run);
        const { runId } = continued ?? this.runs.start(slotRunParams(plan, record.id, slot.variant, slot.seed));
        this.store.studies.linkRun(record.id, { runId, variant: slot.variant, seed: slot.seed });
        result.pending.push({ variant: slot.variant, seed: slot.seed, runId });
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
   * Resolves when every run of the study has finished. Runs of this RunManager settle through it; a run
   * another process is training (the same study started from the app and the CLI) is followed in the
   * store, and counted as crashed once that process is gone.
   */
  async waitFor(studyId: string, pollMs = 1000): Promise<RunSummary[]> {
    const record = this.require(studyId);
    const runIds = studySlotRuns(this.store, record).flatMap((slot) => (slot.run ? [slot.run.id] : []));
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

  list(): StudySummary[] {
    return this.store.studies.list().map((record) => summariseStudy(this.store, record));
  }

  get(studyId: string): Promise<StudyDetail> {
    return studyDetail(this.store, this.require(studyId), this.labels, this.finished);
  }

  record(studyId: string): StudyRecord {
    return this.require(studyId);
  }

  /** The settings and provenance the HTML report states beside the results. */
  reportContext(studyId: string): StudyReportContext {
    const record = this.require(studyId);
    const { template, dataset } = storedStudy(record);
    const runs = studySlotRuns(this.store, record).flatMap((slot) => (slot.run ? [{ variant: slot.variant, run: slot.run }] : []));
    const variants: StudyReportContext['variants'] = { dropout: null, noDropout: null };
    for (const variant of STUDY_VARIANTS) {
      const first = runs.find((entry) => entry.variant === variant);
      const detail = first && this.store.getRun(first.run.id);
      if (detail) variants[variant] = { spec: detail.spec, config: detail.config };
    }
    const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
    return {
      template,
      variants,
      dataset,
      datasetFingerprints: unique(runs.map((entry) => entry.run.datasetFingerprint)),
      backends: unique(runs.map((entry) => entry.run.backend)),
      appVersion: APP_VERSION,
      generatedAt: new Date().toISOString(),
    };
  }

  async report(studyId: string): Promise<string> {
    return studyReportHtml(await this.get(studyId), this.reportContext(studyId));
  }

  /** Stops the study's queued and running runs. */
  stop(studyId: string): void {
    for (const slot of studySlotRuns(this.store, this.require(studyId))) {
      if (slot.run && (slot.run.status === 'queued' || slot.run.status === 'running')) this.runs.stop(slot.run.id);
    }
  }

  private require(studyId: string): StudyRecord {
    const record = this.store.studies.get(studyId) ?? this.store.studies.list().find((study) => study.id.startsWith(studyId) && studyId.length >= 6);
    if (!record) throw new ApiError('not-found', `no study with id "${studyId}"; \`layerlab report\` takes the studyId a study printed`);
    return record;
  }
}
