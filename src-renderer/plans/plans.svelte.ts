import type { ApiClient } from '../../src-shared/api/contract';
import type { Progress } from '../../src-shared/api/run';
import type { PlanDetail, PlanStartResult, PlanSummary, StartPlanParams } from '../../src-shared/plans/types';
import { SLURM_ENDED_STATES, type SlurmPlanStatus } from '../../src-shared/plans/slurm';
import type { SlurmOptionsInput } from '../../src-shared/plans/slurm-options';
import { SlurmForm } from './slurm-form.svelte';

const POLL_MS = 1500;
/** How often an open Slurm plan is synced: squeue, the records' figures, finished runs imported. */
const SLURM_POLL_MS = 2000;
/** After a failed sync (no Slurm commands here, the shared folder not mounted), ask again less often. */
const SLURM_RETRY_MS = 10_000;

export type LaunchKind = 'dropout' | 'ablation' | 'sweep' | 'committee';

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
  /** Where the ablation and sweep forms send their plan, and the Slurm options. */
  readonly slurmForm = new SlurmForm();
  /** The open plan's Slurm slots (none: it never went to Slurm), from plans.slurm.sync while the plan is open. */
  slurm = $state.raw<SlurmPlanStatus | null>(null);
  slurmError = $state<string | null>(null);
  /** Slots a cancel or resubmit is under way for ('*': the whole plan). */
  slurmBusy = $state.raw<string[]>([]);
  slurmSyncedAt = $state<string | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private loading = false;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private slurmTimer: ReturnType<typeof setTimeout> | null = null;
  private slurmSyncing = false;

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
    if (this.slurmTimer) clearTimeout(this.slurmTimer);
    this.slurmTimer = null;
  }

  async refreshList(): Promise<void> {
    await this.guard('loading plans', async () => (this.plans = await this.api.call('plans.list', {})));
  }

  async open(planId: string): Promise<void> {
    if (this.openId !== planId) {
      this.progress = {};
      this.hoverSlot = null;
      this.detail = this.detail?.plan.id === planId ? this.detail : null;
      this.slurm = this.slurm?.planId === planId ? this.slurm : null;
      this.slurmError = null;
    }
    this.openId = planId;
    await Promise.all([this.reload(), this.syncSlurm()]);
  }

  /** Sends a plan to Slurm (or the slots of it not done and not on the cluster) and opens it. */
  async startOnSlurm(params: StartPlanParams, slurm: SlurmOptionsInput): Promise<void> {
    this.starting = true;
    const result = await this.guard('sending the plan to Slurm', () => this.api.call('plans.slurm.submit', { ...params, slurm }));
    this.starting = false;
    if (!result) return;
    this.lastStart = { planId: result.planId, reused: result.skipped.length, queued: result.submitted.length, continued: 0 };
    await this.refreshList();
    await this.open(result.planId);
  }

  /** scancel of one slot's task, or of every pending and running one (no slot). */
  async cancelSlurm(slot?: string): Promise<void> {
    await this.steer(slot, 'cancelling on Slurm', (planId) => this.api.call('plans.slurm.cancel', { planId, ...(slot ? { slots: [slot] } : {}) }));
  }

  /** Sends one failed, cancelled or timed-out slot again, or all of them (no slot). */
  async resubmitSlurm(slot?: string): Promise<void> {
    await this.steer(slot, 'resubmitting to Slurm', (planId) => this.api.call('plans.slurm.resubmit', { planId, ...(slot ? { slots: [slot] } : {}) }));
  }

  private async steer(slot: string | undefined, what: string, action: (planId: string) => Promise<unknown>): Promise<void> {
    const id = this.openId;
    if (!id) return;
    const key = slot ?? '*';
    this.slurmBusy = [...this.slurmBusy, key];
    try {
      await action(id);
      this.slurmError = null;
    } catch (error) {
      this.slurmError = `${what}: ${(error as Error).message}`;
    } finally {
      this.slurmBusy = this.slurmBusy.filter((busy) => busy !== key);
    }
    await this.syncSlurm();
  }

  /**
   * One plans.slurm.sync of the open plan (idempotent: a run imported before is not imported again), then
   * another in a moment while a task is pending or running or an ended one still has a record to bring home.
   */
  async syncSlurm(): Promise<void> {
    if (this.slurmSyncing) return;
    if (this.slurmTimer) clearTimeout(this.slurmTimer);
    this.slurmTimer = null;
    const id = this.openId;
    if (!id) return;
    this.slurmSyncing = true;
    let imported = 0;
    try {
      const result = await this.api.call('plans.slurm.sync', { planId: id });
      if (this.openId === id) {
        this.slurm = result.status;
        this.slurmError = null;
        this.slurmSyncedAt = new Date().toISOString();
      }
      imported = result.imported.length;
    } catch (error) {
      if (this.openId === id) this.slurmError = `syncing with Slurm: ${(error as Error).message}`;
    } finally {
      this.slurmSyncing = false;
    }
    if (this.openId !== id) return;
    if (imported > 0) {
      await this.reload();
      await this.refreshList();
    }
    const open = (this.slurm?.slots ?? []).some((slot) => slot.state === 'pending' || slot.state === 'running' || (SLURM_ENDED_STATES.includes(slot.state) && !slot.synced && slot.live !== null));
    if ((open || this.slurmError) && this.unsubscribe) this.slurmTimer = setTimeout(() => void this.syncSlurm(), this.slurmError ? SLURM_RETRY_MS : SLURM_POLL_MS);
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
