import { join } from 'node:path';
import type { ArtifactContent } from '../../../src-shared/api/artifacts';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { writeFileAtomically } from '../atomic-file';

/** Saves a run's viewable artifacts as JSON under artifacts/<runId>/ and tells main about each. */
export class ArtifactWriter {
  constructor(
    private readonly runId: string,
    private readonly dataDir: string,
    private readonly send: (message: FromTrainer) => void,
  ) {}

  /** Relative to the data dir. */
  path(fileName: string): string {
    return join('artifacts', this.runId, fileName);
  }

  /** `name` is a file-name stem (letters, digits, - and _); the file is <name>.json. */
  write(name: string, content: ArtifactContent, stage: number): void {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) throw new Error(`artifact name "${name}": use letters, digits, - and _`);
    const path = this.path(`${name}.json`);
    const text = JSON.stringify(content, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
    writeFileAtomically(join(this.dataDir, path), text);
    this.send({ type: 'artifact', runId: this.runId, kind: content.kind, name: `${name}.json`, path, bytes: Buffer.byteLength(text), stage });
  }

  /** Tells main about a file the procedure wrote itself (weights, predictions). */
  announce(kind: string, fileName: string, bytes: number, stage?: number): void {
    this.send({ type: 'artifact', runId: this.runId, kind, name: fileName, path: this.path(fileName), bytes, ...(stage === undefined ? {} : { stage }) });
  }
}
