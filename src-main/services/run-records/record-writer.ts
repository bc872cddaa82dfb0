import { appendFileSync, writeFileSync } from 'node:fs';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { METRIC } from '../../../src-shared/api/metrics';
import { recordPaths, writeFileAtomic, type RecordRun, type RecordStatus, type RecordStatusFile } from './record-layout';

/**
 * Writes one run's record as its trainer reports (record-layout.ts): metric points appended as they come,
 * status.json replaced atomically on every change of state and at each heartbeat.
 */
export class RunRecordWriter {
  private readonly paths: ReturnType<typeof recordPaths>;
  private readonly state: RecordStatusFile;

  constructor(
    readonly dir: string,
    readonly run: RecordRun,
  ) {
    this.paths = recordPaths(dir);
    const now = new Date().toISOString();
    this.state = { status: 'running', startedAt: now, heartbeatAt: now, endedAt: null, backend: null, dataset: null, epochsDone: 0, progress: null, stages: [], artifacts: [], result: null, error: null };
    writeFileAtomic(this.paths.run, `${JSON.stringify(run, null, 1)}\n`);
    writeFileSync(this.paths.metrics, '');
    this.save();
  }

  get status(): RecordStatus {
    return this.state.status;
  }

  get finished(): boolean {
    return this.state.status !== 'running';
  }

  heartbeat(): void {
    if (!this.finished) this.save();
  }

  /** Records one trainer message; 'progress' is kept in memory and saved with the next heartbeat or change. */
  handle(message: FromTrainer): void {
    if (this.finished || message.type === 'ready' || message.type === 'log' || message.type === 'resumed') return;
    switch (message.type) {
      case 'started':
        this.state.backend = message.backend;
        this.state.dataset = message.dataset;
        break;
      case 'metrics': {
        appendFileSync(this.paths.metrics, `${JSON.stringify(message.points)}\n`);
        const epochEnds = message.points.filter((point) => point.key === METRIC.trainLoss).map((point) => point.epoch);
        if (epochEnds.length === 0) return;
        this.state.epochsDone = Math.max(this.state.epochsDone, ...epochEnds);
        break;
      }
      case 'progress': {
        const { type: _type, ...progress } = message;
        this.state.progress = progress;
        return;
      }
      case 'artifact':
        this.state.artifacts.push({ kind: message.kind, name: message.name, path: message.path, bytes: message.bytes, ...(message.stage !== undefined ? { stage: message.stage } : {}) });
        break;
      case 'stage':
        this.state.stages.push({ index: message.index, event: message.event, ...(message.status ? { status: message.status } : {}), ...(message.epochsDone !== undefined ? { epochsDone: message.epochsDone } : {}), at: new Date().toISOString() });
        break;
      case 'finished':
        this.end(message.status, message.error ?? null, message.result ?? null);
        return;
    }
    this.save();
  }

  /** The run's outcome; only the first call counts. */
  end(status: Exclude<RecordStatus, 'running'>, error: string | null, result: RecordStatusFile['result'] = null): void {
    if (this.finished) return;
    this.state.status = status;
    this.state.error = error;
    this.state.result = result;
    if (result) this.state.epochsDone = Math.max(this.state.epochsDone, result.epochs);
    this.state.endedAt = new Date().toISOString();
    this.state.progress = null;
    this.save();
  }

  private save(): void {
    this.state.heartbeatAt = new Date().toISOString();
    writeFileAtomic(this.paths.status, `${JSON.stringify(this.state, null, 1)}\n`);
  }
}
