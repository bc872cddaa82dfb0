import type { ApiEvent } from '../../../src-shared/api/contract';
import type { Progress } from '../../../src-shared/api/run';
import { planProgress, type SlotRunState } from '../../../src-shared/plans';

const BAR_WIDTH = 20;

interface Row {
  runId: string;
  label: string;
  state: 'queued' | 'running' | 'done';
  progress: Progress | null;
  wallMs: number | null;
  completed: boolean;
}

export interface StudyProgressFormat {
  duration(ms: number | null): string;
  percent(rate: number | null): string;
}

/** A run of the plan to follow, and how to name it. */
export interface ProgressSlot {
  runId: string;
  label: string;
}

/**
 * The progress of every run of a plan (the dropout study is one) on stderr. On a terminal: a block of lines
 * redrawn in place, one per running run plus a count line with the whole plan's progress and ETA; elsewhere,
 * and for finished runs, plain lines that end with the plan's runs done and ETA.
 */
export class StudyProgressView {
  private readonly rows = new Map<string, Row>();
  private drawnLines = 0;
  private lastDraw = 0;
  private readonly live: boolean;
  private readonly labelWidth: number;

  /** `alreadyDone`: slots settled before this start (skipped); they count as done in the plan's progress. */
  constructor(
    slots: readonly ProgressSlot[],
    private readonly format: StudyProgressFormat,
    private readonly plan: { alreadyDone: number; parallel: number } = { alreadyDone: 0, parallel: 1 },
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = Boolean(out.isTTY);
    this.labelWidth = Math.min(40, Math.max(0, ...slots.map((slot) => slot.label.length)));
    for (const slot of slots) {
      this.rows.set(slot.runId, { runId: slot.runId, label: slot.label.padEnd(this.labelWidth), state: 'queued', progress: null, wallMs: null, completed: false });
    }
  }

  handle(event: ApiEvent): void {
    if (event.type === 'run.progress') {
      const row = this.rows.get(event.progress.runId);
      if (!row) return;
      row.state = 'running';
      row.progress = event.progress;
      this.redraw(false);
    } else if (event.type === 'run.status') {
      const row = this.rows.get(event.runId);
      if (!row) return;
      if (event.status === 'running') {
        row.state = 'running';
        this.redraw(true);
      }
    }
  }

  /** A run finished: a permanent line for it, with the plan's progress. */
  finished(runId: string, text: string, outcome?: { wallMs: number | null; completed: boolean }): void {
    const row = this.rows.get(runId);
    if (row) {
      row.state = 'done';
      row.wallMs = outcome?.wallMs ?? null;
      row.completed = outcome?.completed ?? false;
    }
    this.line(`${row ? row.label : runId}  ${text}  [${this.planLine()}]`);
  }

  line(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.redraw(true);
  }

  finish(): void {
    this.clear();
  }

  /** "3 of 8 runs done, 2 running, 3 queued, plan 41%, ETA 1m 20s". */
  planLine(): string {
    const rows = [...this.rows.values()];
    const states: SlotRunState[] = [
      ...Array.from({ length: this.plan.alreadyDone }, () => ({ status: 'completed' as const })),
      ...rows.map((row): SlotRunState => {
        if (row.state === 'done') return { status: row.completed ? 'completed' : 'failed', wallMs: row.wallMs };
        if (row.state === 'queued') return { status: 'queued' };
        return { status: 'running', fraction: this.fraction(row.progress), etaMs: row.progress ? (row.progress.runEtaMs ?? row.progress.etaMs) : null };
      }),
    ];
    const p = planProgress(states, this.plan.parallel);
    const eta = p.etaMs === null ? 'ETA —' : `ETA ${this.format.duration(p.etaMs)}`;
    return `${p.runsDone} of ${p.runsTotal} runs done, ${p.runsRunning} running, ${p.runsQueued} queued, plan ${this.format.percent(p.fraction)}, ${eta}`;
  }

  private fraction(p: Progress | null): number {
    if (!p) return 0;
    if (p.runFraction !== undefined) return p.runFraction;
    return p.epochs > 0 ? Math.min(1, (p.epoch + (p.totalSteps > 0 ? p.step / p.totalSteps : 0)) / p.epochs) : 0;
  }

  private clear(): void {
    if (!this.live || this.drawnLines === 0) return;
    this.out.write(`\x1b[${this.drawnLines}F\x1b[0J`);
    this.drawnLines = 0;
  }

  private redraw(force: boolean): void {
    if (!this.live) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 150) return;
    this.lastDraw = now;
    const lines = [this.planLine()];
    for (const row of this.rows.values()) {
      if (row.state !== 'running') continue;
      const p = row.progress;
      if (!p) {
        lines.push(`  ${row.label}  starting…`);
        continue;
      }
      const fraction = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      lines.push(
        `  ${row.label}  epoch ${Math.min(p.epoch + 1, p.epochs)}/${p.epochs} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${this.format.percent(fraction)}  ETA ${this.format.duration(p.etaMs)}`,
      );
    }
    const width = (this.out.columns || 200) - 1;
    this.clear();
    this.out.write(lines.map((line) => `${line.slice(0, width)}\n`).join(''));
    this.drawnLines = lines.length;
  }
}
