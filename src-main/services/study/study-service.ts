import type { TemplateInfo } from '../../../src-shared/api/contract';
import { StudyOptionsError, parseStudyOptions, type StudyDetail, type StudyStartResult, type StudySummary } from '../../../src-shared/study';
import type { RunStore, StudyRecord } from '../../store';
import { ApiError } from '../api-service-types';
import { APP_VERSION } from '../app-version';
import type { RunManager } from '../run-manager';
import { slotRuns } from '../plans/plan-detail';
import { PlanService } from '../plans/plan-service';
import { studyReportHtml, type StudyReportContext } from './report';
import { toStudyDetail, toStudyStart, toStudySummary } from './study-adapter';

export type StudyStart = StudyStartResult;

/**
 * Dropout studies: the `dropout` preset of the experiment plans (PlanService), in the studies.* shape.
 * Studies stored by 0.1.0 read as dropout plans.
 */
export class StudyService {
  readonly plans: PlanService;

  constructor(
    private readonly store: RunStore,
    runs: RunManager,
    plans?: PlanService,
  ) {
    this.plans = plans ?? new PlanService(store, runs);
  }

  start(template: TemplateInfo, rawOptions: unknown): StudyStart {
    let options;
    try {
      options = parseStudyOptions(rawOptions);
    } catch (error) {
      if (error instanceof StudyOptionsError) throw new ApiError('bad-request', error.message);
      throw error;
    }
    return toStudyStart(this.plans.start(template, { kind: 'dropout', ...options }));
  }

  waitFor(studyId: string, pollMs = 1000) {
    return this.plans.waitFor(this.require(studyId).id, pollMs);
  }

  list(): StudySummary[] {
    return this.plans
      .list()
      .filter((plan) => plan.kind === 'dropout')
      .map(toStudySummary);
  }

  async get(studyId: string): Promise<StudyDetail> {
    return toStudyDetail(await this.plans.get(this.require(studyId).id));
  }

  record(studyId: string): StudyRecord {
    return this.require(studyId);
  }

  /** The settings and provenance the HTML report states beside the results. */
  reportContext(studyId: string): StudyReportContext {
    const record = this.require(studyId);
    const prepared = this.plans.prepared(record.id);
    const runs = slotRuns(this.store, record, prepared).flatMap((s) => (s.run ? [{ variant: s.slot.arm, run: s.run }] : []));
    const variants: StudyReportContext['variants'] = { dropout: null, noDropout: null };
    for (const variant of ['dropout', 'noDropout'] as const) {
      const first = runs.find((entry) => entry.variant === variant);
      const detail = first && this.store.getRun(first.run.id);
      if (detail) variants[variant] = { spec: detail.spec, config: detail.config };
    }
    const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];
    return {
      template: prepared.template,
      variants,
      dataset: prepared.dataset,
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
    this.plans.stop(this.require(studyId).id);
  }

  /** A dropout study by id or unique prefix; other plans are not studies here (`layerlab plan show` has them). */
  private require(studyId: string): StudyRecord {
    let record: StudyRecord;
    try {
      record = this.plans.record(studyId);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not-found') {
        throw new ApiError('not-found', `no study with id "${studyId}"; \`layerlab report\` takes the studyId a study printed`);
      }
      throw error;
    }
    const kind = this.plans.prepared(record.id).plan.kind;
    if (kind !== 'dropout') throw new ApiError('not-found', `plan "${studyId}" is a${kind === 'ablation' ? 'n' : ''} ${kind}, not a dropout study; \`layerlab plan show ${studyId}\` shows it`);
    return record;
  }
}
