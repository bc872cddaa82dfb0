import type { TemplateInfo } from '../../src-shared/api/contract';
import type { DatasetRef } from '../../src-shared/api/run';
import type { TrainConfigInput } from '../../src-shared/config/schema';
import type { ModelSpec } from '../../src-shared/network/types';
import type { PlanDefInput, StartPlanParams } from '../../src-shared/plans/types';

/** The choice in a launch form's network picker that means "what the editor and train panel hold now". */
export const EDITOR_SOURCE = 'editor';

/** The network, config and data a plan varies. */
export interface PlanSource {
  /** Set when the source is a template; the plan then names it. */
  templateId?: string;
  name: string;
  spec: ModelSpec;
  config: TrainConfigInput;
  dataset: DatasetRef;
}

export interface EditorSnapshot {
  spec: ModelSpec;
  config: TrainConfigInput;
  dataset: DatasetRef;
}

export function resolveSource(choice: string, templates: readonly TemplateInfo[], editor: () => EditorSnapshot): PlanSource | null {
  if (choice === EDITOR_SOURCE) {
    const snapshot = editor();
    return { name: snapshot.spec.name || 'editor network', ...snapshot };
  }
  const template = templates.find((t) => t.id === choice);
  return template ? { templateId: template.id, name: template.name, spec: template.spec, config: template.config, dataset: template.dataset } : null;
}

/** A whole-number field: seeds, epochs, subsets. The message goes beside the field. */
export function checkWhole(value: number | null, what: string, { min = 1, optional = false, max }: { min?: number; optional?: boolean; max?: number } = {}): string | null {
  if (value === null) return optional ? null : `${what}: enter a whole number`;
  if (!Number.isInteger(value)) return `${what}: ${value} is not a whole number`;
  if (value < min) return `${what}: at least ${min}`;
  if (max !== undefined && value > max) return `${what}: at most ${max}`;
  return null;
}

/** A slug for an inline template's id: lower-case letters, digits and -. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'network';
}

/** plans.start's params: a template by id, or the editor's network as an inline template. */
export function startParams(source: PlanSource, plan: PlanDefInput): StartPlanParams {
  if (source.templateId) return { templateId: source.templateId, plan };
  return { template: { id: `editor-${slug(source.name)}`, name: source.name, description: 'the network in the editor', spec: source.spec, config: source.config, dataset: source.dataset }, plan };
}
