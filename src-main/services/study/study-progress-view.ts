import type { ApiEvent } from '../../../src-shared/api/contract';
import type { Progress } from '../../../src-shared/api/run';
import { VARIANT_LABELS, type StudyVariant } from '../../../src-shared/study';

const BAR_WIDTH = 20;

interface Row {
  runId: string;
  label: string;
  state: 'queued' | 'running' | 'done';
  progress: Progress | null;
}

export interface StudyProgressFormat {
  duration(ms: number | null): string;
  percent(rate: number | null): string;
}

/**
 * The progress of every run of a study on stderr. On a terminal: a block of lines redrawn in place,
 * one per running run plus a count line; elsewhere, and for finished runs, plain lines.
 */
export class StudyProgressView {
  private readonly rows = new Map<string, Row>();
  private drawnLines = 0;
  private lastDraw = 0;
  private readonly live: boolean;

  constructor(
    slots: { runId: string; variant: StudyVariant; seed: number }[],
    private readonly format: StudyProgressFormat,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.live = Boolean(out.isTTY);
    for (const slot of slots) {
      this.rows.set(slot.runId, { runId: slot.runId, label: `seed ${slot.seed} ${VARIANT_LABELS[slot.variant].padEnd(10)}`, state: 'queued', progress: null });
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

  /** A run finished: a permanent line for it. */
  finished(runId: string, text: string): void {
    const row = this.rows.get(runId);
    if (row) row.state = 'done';
    this.line(`${row ? row.label : runId}  ${text}`);
  }

  line(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.redraw(true);
  }

  finish(): void {
    this.clear();
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
    const rows = [...this.rows.values()];
    const count = (state: Row['state']) => rows.filter((row) => row.state === state).length;
    const lines = [`${count('done')} of ${rows.length} runs done, ${count('running')} running, ${count('queued')} queued`];
    for (const row of rows) {
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
