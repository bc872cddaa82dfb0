import type { ApiClient, DatasetListItem } from '../../src-shared/api/contract';
import type { ColumnRole, DatasetImportFile, DatasetImportParams, DatasetPreview, ImportedDatasetMeta } from '../../src-shared/api/datasets';
import type { Task } from '../../src-shared/api/records';

const TEXT_TABLE = /\.(csv|tsv|tab|txt|json)$/i;

/** Turns picked files into API import files: tables as text, anything else (IDX) as base64. */
export async function toImportFiles(files: File[]): Promise<DatasetImportFile[]> {
  return Promise.all(
    files.map(async (file) =>
      TEXT_TABLE.test(file.name) ? { filename: file.name, text: await file.text() } : { filename: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) },
    ),
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

/** A dataset name from a file name: "seattle-weather.csv" → "seattle-weather". */
export function suggestName(files: File[]): string {
  const base = files[0]?.name.replace(/\.[^.]*$/, '').replace(/-(images|labels)-idx\d-ubyte$/, '') ?? '';
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
}

/** The import dialog: pick files, preview the conversion (a dry run on the server), then confirm. */
export class ImportDraft {
  files = $state.raw<File[]>([]);
  name = $state('');
  task = $state<'' | Task>('');
  target = $state('');
  testSplit = $state(0.2);
  dropMissing = $state(false);
  /** Columns given another role than the import chose, by name. */
  roles = $state.raw<Record<string, ColumnRole>>({});
  busy = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<{ dataset: ImportedDatasetMeta; preview: DatasetPreview } | null>(null);

  constructor(private readonly api: ApiClient) {}

  pick(files: File[]): void {
    this.files = files;
    this.name = suggestName(files);
    this.roles = {};
    this.result = null;
    this.error = null;
  }

  /** Any change to the settings invalidates a preview made with the old ones. */
  touch(): void {
    this.result = null;
  }

  async params(dryRun: boolean): Promise<DatasetImportParams> {
    return {
      files: await toImportFiles(this.files),
      name: this.name.trim(),
      ...(this.task ? { task: this.task } : {}),
      ...(this.target.trim() ? { target: this.target.trim() } : {}),
      testSplit: this.testSplit,
      dropMissing: this.dropMissing,
      ...(Object.keys(this.roles).length ? { roles: this.roles } : {}),
      dryRun,
    };
  }

  /** Makes a column numeric, categorical or left out (or, with null, back to what the import decides) and previews again. */
  async setRole(name: string, role: ColumnRole | null): Promise<void> {
    const { [name]: _old, ...rest } = this.roles;
    this.roles = role ? { ...rest, [name]: role } : rest;
    await this.preview();
  }

  async preview(): Promise<void> {
    await this.run(async () => {
      this.result = await this.api.call('datasets.import', await this.params(true));
    });
  }

  /** Imports for real; resolves to the new dataset's name, or null if it failed (the error is shown). */
  async confirm(): Promise<string | null> {
    let name: string | null = null;
    await this.run(async () => {
      const { dataset } = await this.api.call('datasets.import', await this.params(false));
      name = dataset.name;
    });
    return name;
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }
}

/** The Datasets view: which dataset is open and its preview. */
export class DatasetsState {
  selected = $state<string | null>(null);
  preview = $state.raw<DatasetPreview | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly api: ApiClient) {}

  async open(item: DatasetListItem): Promise<void> {
    this.selected = item.name;
    this.preview = null;
    this.error = null;
    try {
      this.preview = await this.api.call('datasets.preview', { name: item.name });
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async remove(name: string): Promise<void> {
    await this.api.call('datasets.remove', { name });
    if (this.selected === name) {
      this.selected = null;
      this.preview = null;
    }
  }
}
