import { slurmOptionsSchema, type SlurmOptionsInput } from '../../src-shared/plans/slurm-options';

export type RunOn = 'local' | 'slurm';
type Field = 'sharedDir' | 'partition' | 'time' | 'cpusPerTask' | 'mem' | 'sbatchLines' | 'setup' | 'layerlab';

const STORAGE_KEY = 'layerlab.slurm-options';

/**
 * Where a launch form's plan runs: on this machine, or on a Slurm cluster with these options (the fields of
 * `plans.slurm.submit`, checked with the API's own schema). The options last sent are remembered.
 */
export class SlurmForm {
  runOn = $state<RunOn>('local');
  sharedDir = $state('');
  partition = $state('');
  time = $state('');
  cpusPerTask = $state<number | null>(1);
  mem = $state('');
  /** One #SBATCH option a line, e.g. --account=proj42. */
  sbatchText = $state('');
  setup = $state('');
  layerlab = $state('');
  touched = $state(false);

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null) {
    try {
      const saved = JSON.parse(this.storage?.getItem(STORAGE_KEY) ?? 'null') as SlurmOptionsInput | null;
      if (saved) this.fill(saved);
    } catch {
      // A damaged entry: start from the empty form.
    }
  }

  private fill(saved: SlurmOptionsInput): void {
    this.sharedDir = saved.sharedDir ?? '';
    this.partition = saved.partition ?? '';
    this.time = saved.time ?? '';
    this.cpusPerTask = saved.cpusPerTask ?? 1;
    this.mem = saved.mem ?? '';
    this.sbatchText = (saved.sbatchLines ?? []).join('\n');
    this.setup = saved.setup ?? '';
    this.layerlab = saved.layerlab ?? '';
  }

  /** The options as the API takes them; empty fields are left out. */
  private input(): SlurmOptionsInput {
    const text = (value: string) => (value.trim() ? value.trim() : undefined);
    const lines = this.sbatchText.split('\n').map((line) => line.trim()).filter(Boolean);
    const options: Record<string, unknown> = {
      sharedDir: this.sharedDir.trim(),
      partition: text(this.partition),
      time: text(this.time),
      cpusPerTask: this.cpusPerTask ?? undefined,
      mem: text(this.mem),
      sbatchLines: lines,
      setup: text(this.setup),
      layerlab: text(this.layerlab),
    };
    return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as unknown as SlurmOptionsInput;
  }

  private parsed = $derived(slurmOptionsSchema.safeParse(this.input()));

  /** Each field's first problem, as the API would name it. */
  errors: Partial<Record<Field, string>> = $derived.by(() => {
    if (this.parsed.success) return {};
    const errors: Partial<Record<Field, string>> = {};
    for (const issue of this.parsed.error.issues) {
      const field = (issue.path[0] ?? 'sharedDir') as Field;
      const line = field === 'sbatchLines' && typeof issue.path[1] === 'number' ? `line ${issue.path[1] + 1}: ` : '';
      errors[field] ??= field === 'sharedDir' && !this.sharedDir.trim() ? 'expected the folder the cluster shares, as an absolute path the nodes see too' : `${line}${issue.message}`;
    }
    return errors;
  });

  /** The options to send, or null (and the errors shown) when a field is wrong. */
  options(): SlurmOptionsInput | null {
    this.touched = true;
    if (!this.parsed.success) return null;
    const input = this.input();
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(input));
    return input;
  }
}
