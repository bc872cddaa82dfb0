import type { ApiClient, TemplateInfo } from '../../src-shared/api/contract';
import type { Progress } from '../../src-shared/api/run';
import type { StudyDetail, StudySummary } from '../../src-shared/study/types';

const POLL_MS = 1500;

/** A template can be studied when removing its dropout (and max-norm) changes something. */
export function isStudyable(template: TemplateInfo): boolean {
  return template.spec.nodes.some((node) => node.kind === 'dropout') || Boolean(template.config.maxNorm);
}

/**
 * The study view's state: the launch form, the list of studies and the open study, refreshed while
 * its runs train; live per-run progress comes from the API's run.progress events.
 */
export class StudyState {
  studies = $state.raw<StudySummary[]>([]);
  detail = $state.raw<StudyDetail | null>(null);
  openId = $state<string | null>(null);
  progress = $state.raw<Record<string, Progress>>({});
  error = $state<string | null>(null);
  starting = $state(false);

  templateId = $state('');
  seeds = $state<number | null>(3);
  epochs = $state<number | null>(null);
  trainLimit = $state<number | null>(null);
  testLimit = $state<number | null>(null);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly api: ApiClient) {}

  /** Starts listening and loads the list; opens the newest study if none is open. */
  async attach(): Promise<void> {
    this.unsubscribe = this.api.subscribe((event) => {
      if (event.type === 'run.progress' && this.detail?.runs.some((run) => run.runId === event.progress.runId)) {
        this.progress = { ...this.progress, [event.progress.runId]: event.progress };
      }
    });
    await this.refreshList();
    if (!this.openId && this.studies[0]) await this.open(this.studies[0].id);
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async refreshList(): Promise<void> {
    await this.guard('loading studies', async () => (this.studies = await this.api.call('studies.list', {})));
  }

  async open(studyId: string): Promise<void> {
    this.openId = studyId;
    this.progress = {};
    await this.reload();
  }

  async start(): Promise<void> {
    if (!this.templateId) {
      this.error = 'choose a template with dropout to study';
      return;
    }
    this.starting = true;
    const result = await this.guard('starting the study', () =>
      this.api.call('studies.start', {
        templateId: this.templateId,
        seeds: this.seeds ?? 0,
        ...(this.epochs !== null ? { epochs: this.epochs } : {}),
        ...(this.trainLimit !== null ? { trainLimit: this.trainLimit } : {}),
        ...(this.testLimit !== null ? { testLimit: this.testLimit } : {}),
      }),
    );
    this.starting = false;
    if (!result) return;
    await this.refreshList();
    await this.open(result.studyId);
  }

  /** The self-contained HTML report, saved through the browser's download. */
  async downloadReport(): Promise<void> {
    if (!this.openId) return;
    const report = await this.guard('exporting the report', () => this.api.call('studies.report', { studyId: this.openId! }));
    if (!report) return;
    const url = URL.createObjectURL(new Blob([report.html], { type: 'text/html' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: report.fileName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async reload(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const id = this.openId;
    if (!id) return;
    const detail = await this.guard('loading the study', () => this.api.call('studies.get', { studyId: id }));
    if (this.openId !== id) return;
    if (detail) this.detail = detail;
    if (detail?.study.status === 'running' && this.unsubscribe) {
      this.timer = setTimeout(() => void this.reload(), POLL_MS);
    } else if (detail) {
      await this.refreshList();
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
