import { formatSettingValue, parseSettingValue, type SettingDef } from './settings';
import { checkWhole } from './plan-source';

export interface ArmDraft {
  value: unknown;
  label?: string;
}

/** What the ablation form asks the API for, before the network is attached. */
export interface AblationDraft {
  kind: 'ablation';
  setting: string;
  a: ArmDraft;
  b: ArmDraft;
  seeds: number;
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
}

export type AblationField = 'setting' | 'a' | 'b' | 'same' | 'seeds' | 'epochs' | 'trainLimit' | 'testLimit';

/**
 * The paired-ablation form: one setting of the chosen network, its value in arm A and in arm B, over
 * paired seeds. `settings` is set by the view from the chosen network.
 */
export class AblationForm {
  settings = $state.raw<SettingDef[]>([]);
  path = $state('');
  aText = $state('');
  bText = $state('');
  aLabel = $state('');
  bLabel = $state('');
  seeds = $state<number | null>(3);
  epochs = $state<number | null>(null);
  trainLimit = $state<number | null>(null);
  testLimit = $state<number | null>(null);
  /** Messages show only after the first attempt to start, or once a field was edited. */
  touched = $state(false);

  setting = $derived(this.settings.find((s) => s.path === this.path) ?? null);

  errors = $derived.by((): Partial<Record<AblationField, string>> => {
    const out: Partial<Record<AblationField, string>> = {};
    const setting = this.setting;
    if (!setting) out.setting = 'choose the setting to ablate';
    else {
      const a = parseSettingValue(setting, this.aText);
      const b = parseSettingValue(setting, this.bText);
      if (!a.ok) out.a = a.message;
      if (!b.ok) out.b = b.message;
      if (a.ok && b.ok && JSON.stringify(a.value) === JSON.stringify(b.value)) out.same = 'A and B are the same value: nothing to compare';
    }
    const seeds = checkWhole(this.seeds, 'seeds', { max: 100 });
    if (seeds) out.seeds = seeds;
    const epochs = checkWhole(this.epochs, 'epochs', { optional: true });
    if (epochs) out.epochs = epochs;
    const train = checkWhole(this.trainLimit, 'train subset', { optional: true });
    if (train) out.trainLimit = train;
    const test = checkWhole(this.testLimit, 'test subset', { optional: true });
    if (test) out.testLimit = test;
    return out;
  });

  valid = $derived(Object.keys(this.errors).length === 0);

  /** Picks a setting and fills A with its current value and B with "off" where it can be off. */
  choose(path: string): void {
    this.path = path;
    const setting = this.settings.find((s) => s.path === path);
    if (!setting) return;
    const off = setting.nullable || setting.type === 'json';
    // A is the setting as it is (or, when it is off now, left for a value); B turns it off where it can be off.
    this.aText = setting.current === null ? '' : formatSettingValue(setting.current);
    this.bText = off ? 'off' : '';
    this.aLabel = '';
    this.bLabel = '';
  }

  /** Keeps the chosen setting when the network changes and still has it; otherwise picks the first. */
  useSettings(settings: SettingDef[]): void {
    this.settings = settings;
    if (!settings.some((s) => s.path === this.path)) {
      const first = settings.find((s) => s.path === 'config.maxNorm') ?? settings[0];
      if (first) this.choose(first.path);
      else this.path = '';
    }
  }

  /** The plan the form describes, showing every field's message. */
  draft(): AblationDraft | null {
    this.touched = true;
    return this.peek();
  }

  /** The plan the form describes, or null while a field is wrong; shows no messages. */
  peek(): AblationDraft | null {
    const setting = this.setting;
    if (!this.valid || !setting) return null;
    const a = parseSettingValue(setting, this.aText);
    const b = parseSettingValue(setting, this.bText);
    if (!a.ok || !b.ok) return null;
    return {
      kind: 'ablation',
      setting: setting.path,
      a: { value: a.value, ...(this.aLabel.trim() ? { label: this.aLabel.trim() } : {}) },
      b: { value: b.value, ...(this.bLabel.trim() ? { label: this.bLabel.trim() } : {}) },
      seeds: this.seeds!,
      ...(this.epochs !== null ? { epochs: this.epochs } : {}),
      ...(this.trainLimit !== null ? { trainLimit: this.trainLimit } : {}),
      ...(this.testLimit !== null ? { testLimit: this.testLimit } : {}),
    };
  }
}
