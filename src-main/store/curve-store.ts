import type Database from 'better-sqlite3';
import { downsampleMinMax, type CurveColumns, type CurvesQuery, type RunCurves } from '../../src-shared/api/curves';

/** A finished run's curve this long is packed into metric_columns; shorter ones read fast enough as rows. */
export const PACK_MIN_POINTS = 5_000;

type PackedRow = { key: string; points: number; stage: Buffer; step: Buffer; epoch: Buffer; wall_ms: Buffer; value: Buffer };

/** Copies a blob into an aligned typed array (SQLite's buffers need not start on an 8-byte boundary). */
function f64(blob: Buffer): Float64Array {
  const out = new Float64Array(blob.byteLength / 8);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

function u16(blob: Buffer): Uint16Array {
  const out = new Uint16Array(blob.byteLength / 2);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

const blob = (column: Float64Array | Uint16Array) => Buffer.from(column.buffer, column.byteOffset, column.byteLength);

/** First index whose step is past `step` (>= when `inclusive` is false, > when true); steps ascending. */
function bound(steps: Float64Array, step: number, inclusive: boolean): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] < step || (inclusive && steps[mid] === step)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function slice(curve: CurveColumns, from: number, to: number): CurveColumns {
  return {
    stage: curve.stage.subarray(from, to),
    step: curve.step.subarray(from, to),
    epoch: curve.epoch.subarray(from, to),
    wallMs: curve.wallMs.subarray(from, to),
    value: curve.value.subarray(from, to),
    stored: to - from,
    downsampled: false,
  };
}

/** Metric curves as typed columns: packed blobs for long curves of finished runs, rows otherwise. SQL for metric_columns lives here. */
export class CurveStore {
  constructor(private readonly db: Database.Database) {}

  /** The run's curves (every key, or `keys`), in a step range if asked, min–max downsampled to `width` pixels if asked. */
  curves(query: CurvesQuery): RunCurves {
    const keys = query.keys?.length ? query.keys : this.keysOf(query.runId);
    const out: RunCurves = {};
    for (const key of keys) {
      let curve = this.read(query.runId, key);
      if (!curve) continue;
      // A range is on the step axis of a single-stage run (a later stage counts its steps from 0 again).
      const singleStage = curve.stage[curve.stage.length - 1] === 0;
      if (singleStage && (query.fromStep !== undefined || query.toStep !== undefined)) {
        const from = query.fromStep === undefined ? 0 : bound(curve.step, query.fromStep, false);
        const to = query.toStep === undefined ? curve.step.length : bound(curve.step, query.toStep, true);
        // One point either side, so the zoomed line runs to the chart's edges.
        curve = slice(curve, Math.max(0, from - 1), Math.min(curve.step.length, to + 1));
      }
      out[key] = query.width ? downsampleMinMax(curve, Math.max(1, Math.floor(query.width))) : curve;
    }
    return out;
  }

  /** Packs every curve of the run with PACK_MIN_POINTS points or more (at the run's end). */
  pack(runId: string): void {
    const counts = this.db.prepare('SELECT key, count(*) AS n FROM metrics WHERE run_id = ? GROUP BY key').all(runId) as { key: string; n: number }[];
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO metric_columns (run_id, key, points, stage, step, epoch, wall_ms, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { key, n } of counts) {
      if (n < PACK_MIN_POINTS) continue;
      const curve = this.readRows(runId, key);
      insert.run(runId, key, curve.stored, blob(curve.stage), blob(curve.step), blob(curve.epoch), blob(curve.wallMs), blob(curve.value));
    }
  }

  /** New points for a run: its packed copies are stale. */
  invalidate(runId: string): void {
    this.db.prepare('DELETE FROM metric_columns WHERE run_id = ?').run(runId);
  }

  private keysOf(runId: string): string[] {
    return (this.db.prepare('SELECT DISTINCT key FROM metrics WHERE run_id = ? ORDER BY key').all(runId) as { key: string }[]).map((row) => row.key);
  }

  private read(runId: string, key: string): CurveColumns | undefined {
    const packed = this.db.prepare('SELECT * FROM metric_columns WHERE run_id = ? AND key = ?').get(runId, key) as PackedRow | undefined;
    if (packed) {
      return { stage: u16(packed.stage), step: f64(packed.step), epoch: f64(packed.epoch), wallMs: f64(packed.wall_ms), value: f64(packed.value), stored: packed.points, downsampled: false };
    }
    const curve = this.readRows(runId, key);
    return curve.stored > 0 ? curve : undefined;
  }

  private readRows(runId: string, key: string): CurveColumns {
    const rows = this.db
      .prepare('SELECT stage, step, epoch, wall_ms, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY stage, step, rowid')
      .raw(true)
      .all(runId, key) as [number, number, number, number, number | null][];
    const n = rows.length;
    const curve: CurveColumns = {
      stage: new Uint16Array(n),
      step: new Float64Array(n),
      epoch: new Float64Array(n),
      wallMs: new Float64Array(n),
      value: new Float64Array(n),
      stored: n,
      downsampled: false,
    };
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      curve.stage[i] = row[0];
      curve.step[i] = row[1];
      curve.epoch[i] = row[2];
      curve.wallMs[i] = row[3];
      curve.value[i] = row[4] ?? Number.NaN;
    }
    return curve;
  }
}
