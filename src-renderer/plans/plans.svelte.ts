import type { ApiClient } from '../../src-shared/api/contract';
import type { Progress } from '../../src-shared/api/run';
import type { PlanDetail, PlanStartResult, PlanSummary, StartPlanParams } from '../../src-shared/plans/types';

const POLL_MS = 1500;

export type LaunchKind = 'dropout' | 'ablation' | 'sweep';

/** What the last start of a plan did: how many slots were done already and reused. */
export interface StartNote {
  planId: string;
  reused: number;
  queued: number;
  continued: number;
}

/**
 * The Plans view's state: the list of plans (studies stored by earlier versions among them, as dropout
 * plans), the open plan refreshed while its runs train, live per-run progress from run.progress events.
 */
export class PlansState {
  plans = $state.raw<PlanSummary[]>([]);
  detail = $state.raw<PlanDetail | null>(null);
  openId = $state<string | null>(null);
  progress = $state.raw<Record<string, Progress>>({});
  error = $state<string | null>(null);
  starting = $state(false);
  stopping = $state(false);
  launch = $state<LaunchKind>('dropout');
  lastStart = $state.raw<StartNote | null>(null);
  /** The sweep row under the pointer, highlighted in the table and the plot alike. */
  hoverSlot = $state<string | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private loading = false;
  private again = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly api: ApiClient) {}

  private runIds = $derived(new Set((this.detail?.slots ?? []).flatMap((slot) => (slot.run ? [slot.run.runId] : []))));

  async attach(): Promise<void> {
    this.unsubscribe = this.api.subscribe((event) => {
      if (event.type === 'run.progress' && this.runIds.has(event.progress.runId)) {
        this.progress = { ...this.progress, [event.progress.runId]: event.progress };
      } else if (event.type === 'run.status' && this.runIds.has(event.runId) && event.status !== 'running') {
        // A run of the open plan finished: its row and the statistics change now, not at the next poll.
        void this.reload();
      }
    });
    await this.refreshList();
    if (!this.openId && this.plans[0]) await this.open(this.plans[0].id);
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async refreshList(): Promise<void> {
    await this.guard('loading plans', async () => (this.plans = await this.api.call('plans.list', {})));
  }

  async open(planId: string): Promise<void> {
    if (this.openId !== planId) {
      this.progress = {};
      this.hoverSlot = null;
      this.detail = this.detail?.plan.id === planId ? this.detail : null;
    }
    this.openId = planId;
    await this.reload();
  }

  /** Starts (or resumes) a plan and opens it. */
  async start(params: StartPlanParams): Promise<PlanStartResult | undefined> {
    this.starting = true;
    const result = await this.guard('starting the plan', () => this.api.call('plans.start', params));
    this.starting = false;
    if (!result) return undefined;
    this.lastStart = { planId: result.planId, reused: result.skipped.length, queued: result.queued, continued: result.continued };
    await this.refreshList();
    await this.open(result.planId);
    return result;
  }

  async stop(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    this.stopping = true;
    await this.guard('stopping the plan', () => this.api.call('plans.stop', { planId: id }));
    this.stopping = false;
    await this.reload();
    await this.refreshList();
  }

  /** The dropout preset's self-contained HTML report, saved through the browser's download. */
  async downloadReport(): Promise<void> {
    const id = this.openId;
    if (!id) return;
    const report = await this.guard('exporting the report', () => this.api.call('studies.report', { studyId: id }));
    if (!report) return;
    const url = URL.createObjectURL(new Blob([report.html], { type: 'text/html' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: report.fileName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** One plans.get at a time; a reload asked for meanwhile runs right after it. */
  private async reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const id = this.openId;
    if (!id) return;
    this.loading = true;
    const detail = await this.guard('loading the plan', () => this.api.call('plans.get', { planId: id }));
    this.loading = false;
    if (this.again) {
      this.again = false;
      return this.reload();
    }
    if (this.openId !== id) return;
    if (detail) this.detail = detail;
    if (detail?.plan.status === 'running' && this.unsubscribe) {
      this.timer = setTimeout(() => void this.reload(), POLL_MS);
    } else if (detail) {
      // Finished or stopped: the list's status and headline catch up.
      const listed = this.plans.find((plan) => plan.id === id);
      if (!listed || listed.status !== detail.plan.status || listed.headline !== detail.plan.headline) await this.refreshList();
    }
  }

  private async guard<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await action();
      this.error = null;
      return result;
    } catch (error) {
      this.error = `${what}: ${(error as Error).message}`;
      return undefined;
    }
  }
}
