import { modelSpecSchema, type ModelSpec } from '../../src-shared/network/types';
import { trainConfigSchema, type TrainConfigInput } from '../../src-shared/config/schema';
import type { DatasetRef } from '../../src-shared/api/run';
import type { ProcedureRef } from '../../src-shared/procedures/types';

/** What the editor keeps between sessions: the network on the canvas, whether it was saved, the train panel. */
export interface EditorDraft {
  format: 1;
  spec: ModelSpec;
  /** The saved network's JSON, when the one on the canvas differs from it (unsaved work); else null. */
  savedJson: string | null;
  train: { config: TrainConfigInput; dataset: DatasetRef; runName: string; procedure?: ProcedureRef };
}

const KEY = 'layerlab.draft';

/** The draft in localStorage (the app's own profile in Electron): written on every edit, read at start. */
export class DraftStore {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null) {}

  /** The kept draft, or null when there is none or it is not one this version can read. */
  read(): EditorDraft | null {
    let draft: Partial<EditorDraft>;
    try {
      draft = JSON.parse(this.storage?.getItem(KEY) ?? 'null') ?? {};
    } catch {
      return null;
    }
    const spec = modelSpecSchema.safeParse(draft.spec);
    const config = trainConfigSchema.safeParse(draft.train?.config);
    if (draft.format !== 1 || !spec.success || !config.success || typeof draft.train?.dataset?.name !== 'string') return null;
    return { format: 1, spec: spec.data, savedJson: typeof draft.savedJson === 'string' ? draft.savedJson : null, train: { config: config.data, dataset: draft.train.dataset, runName: String(draft.train.runName ?? ''), procedure: procedureOf(draft.train.procedure) } };
  }

  write(draft: EditorDraft): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(draft));
    } catch {
      // A full or disabled storage costs the draft, never the session.
    }
  }
}

function procedureOf(value: unknown): ProcedureRef | undefined {
  const ref = value as ProcedureRef | undefined;
  return ref && typeof ref.kind === 'string' ? { kind: ref.kind, params: ref.params && typeof ref.params === 'object' ? ref.params : {} } : undefined;
}
