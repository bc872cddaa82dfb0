import type { Migration } from '../migrate';

/**
 * Long curves of finished runs packed as typed columns (little-endian Float64 per column, stage as Uint16),
 * so a 100,000-point curve is read as five blobs instead of 100,000 rows. A copy: `metrics` stays the record,
 * and a run's packed columns are dropped whenever points are added to it.
 */
export const migration006MetricColumns: Migration = {
  version: 6,
  name: 'metric-columns',
  sql: `
    CREATE TABLE metric_columns (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      points INTEGER NOT NULL,
      stage BLOB NOT NULL,
      step BLOB NOT NULL,
      epoch BLOB NOT NULL,
      wall_ms BLOB NOT NULL,
      value BLOB NOT NULL,
      PRIMARY KEY (run_id, key)
    );
  `,
};
