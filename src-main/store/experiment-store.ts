import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/** A group of runs: 'manual' for a user's folder of runs, 'study' for a planned comparison (its spec and config kept as JSON). */
export interface Experiment {
  id: string;
  name: string;
  kind: string;
  description: string;
  spec: unknown | null;
  config: unknown | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewExperiment {
  name: string;
  kind?: string;
  description?: string;
  spec?: unknown;
  config?: unknown;
}

interface ExperimentRow {
  id: string;
  name: string;
  kind: string;
  description: string;
  spec_json: string | null;
  config_json: string | null;
  created_at: string;
  updated_at: string;
}

function toExperiment(row: ExperimentRow): Experiment {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    description: row.description,
    spec: row.spec_json === null ? null : JSON.parse(row.spec_json),
    config: row.config_json === null ? null : JSON.parse(row.config_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export class ExperimentStore {
  constructor(private readonly db: Database.Database) {}

  create(input: NewExperiment): Experiment {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO experiments (id, name, kind, description, spec_json, config_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, input.kind ?? 'manual', input.description ?? '', jsonOrNull(input.spec), jsonOrNull(input.config), now, now);
    return this.get(id)!;
  }

  get(id: string): Experiment | undefined {
    const row = this.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
    return row && toExperiment(row);
  }

  list(): Experiment[] {
    return (this.db.prepare('SELECT * FROM experiments ORDER BY created_at DESC, rowid DESC').all() as ExperimentRow[]).map(toExperiment);
  }
}
