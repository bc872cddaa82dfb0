import type Database from 'better-sqlite3';
import type { ExperimentStore } from './experiment-store';

/**
 * A study (any experiment plan; the dropout study is one preset) as stored: its experiment row plus what
 * identifies and reproduces it.
 */
export interface StudyRecord {
  id: string;
  name: string;
  key: string;
  templateId: string;
  /** The template exactly as the study used it (TemplateInfo JSON). */
  template: unknown;
  /** The plan (PlanDef JSON); a study stored by 0.1.0 has dropout StudyOptions here, without a kind. */
  options: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface StudyRunLink {
  runId: string;
  variant: string;
  seed: number;
}

interface StudyRow {
  experiment_id: string;
  study_key: string;
  template_id: string;
  template_json: string;
  options_json: string;
  name: string;
  created_at: string;
  updated_at: string;
}

const SELECT_STUDY = `SELECT s.*, e.name, e.created_at, e.updated_at FROM studies s JOIN experiments e ON e.id = s.experiment_id`;

function toRecord(row: StudyRow): StudyRecord {
  return {
    id: row.experiment_id,
    name: row.name,
    key: row.study_key,
    templateId: row.template_id,
    template: JSON.parse(row.template_json),
    options: JSON.parse(row.options_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Studies (experiment plans) and the runs of each (arm, seed) slot; `variant` holds the arm's key. All SQL for studies lives here. */
export class StudyStore {
  constructor(
    private readonly db: Database.Database,
    private readonly experiments: ExperimentStore,
  ) {}

  create(input: { name: string; key: string; templateId: string; template: unknown; options: unknown; spec?: unknown; config?: unknown }): StudyRecord {
    return this.db.transaction(() => {
      const experiment = this.experiments.create({ name: input.name, kind: 'study', spec: input.spec, config: input.config });
      this.db
        .prepare('INSERT INTO studies (experiment_id, study_key, template_id, template_json, options_json) VALUES (?, ?, ?, ?, ?)')
        .run(experiment.id, input.key, input.templateId, JSON.stringify(input.template), JSON.stringify(input.options));
      return this.get(experiment.id)!;
    })();
  }

  get(id: string): StudyRecord | undefined {
    const row = this.db.prepare(`${SELECT_STUDY} WHERE s.experiment_id = ?`).get(id) as StudyRow | undefined;
    return row && toRecord(row);
  }

  findByKey(key: string): StudyRecord | undefined {
    const row = this.db.prepare(`${SELECT_STUDY} WHERE s.study_key = ?`).get(key) as StudyRow | undefined;
    return row && toRecord(row);
  }

  list(): StudyRecord[] {
    return (this.db.prepare(`${SELECT_STUDY} ORDER BY e.created_at DESC, e.rowid DESC`).all() as StudyRow[]).map(toRecord);
  }

  /** A plan started again with more seeds or trials keeps its id and runs: its name, key and plan follow the new request. */
  update(id: string, changes: { name: string; key: string; options: unknown }): StudyRecord {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE studies SET study_key = ?, options_json = ? WHERE experiment_id = ?').run(changes.key, JSON.stringify(changes.options), id);
      this.db.prepare('UPDATE experiments SET name = ?, updated_at = ? WHERE id = ?').run(changes.name, new Date().toISOString(), id);
      return this.get(id)!;
    })();
  }

  linkRun(studyId: string, link: StudyRunLink): void {
    this.db
      .prepare('INSERT INTO study_runs (experiment_id, run_id, variant, seed) VALUES (?, ?, ?, ?)')
      .run(studyId, link.runId, link.variant, link.seed);
    this.db.prepare('UPDATE experiments SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), studyId);
  }

  /** Every run of the study, oldest first (a later run of a slot is a retry). */
  runsOf(studyId: string): StudyRunLink[] {
    return (
      this.db
        .prepare(
          `SELECT sr.run_id AS runId, sr.variant, sr.seed FROM study_runs sr JOIN runs r ON r.id = sr.run_id
           WHERE sr.experiment_id = ? ORDER BY r.created_at, r.rowid`,
        )
        .all(studyId) as StudyRunLink[]
    );
  }
}
