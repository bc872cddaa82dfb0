import type { TemplateInfo } from '../../src-shared/api/contract';
import { getProcedure } from '../../src-shared/procedures';
import type { ProcedureRef } from '../../src-shared/procedures/types';

export type Reference = NonNullable<TemplateInfo['reference']>;

/**
 * The template whose published figure a run can be held against: one with a reference metric and value, the
 * same procedure kind, and (when several fit) the same network name. Runs do not record their template.
 */
export function referenceFor(templates: readonly TemplateInfo[], run: { procedure: ProcedureRef; specName: string }, hasMetric: (key: string) => boolean): { template: TemplateInfo; reference: Reference & { metric: string; value: number } } | null {
  const fits = templates.filter((template) => {
    const reference = template.reference;
    return reference?.metric !== undefined && reference.value !== undefined && (template.procedure?.kind ?? 'backprop') === run.procedure.kind && hasMetric(reference.metric);
  });
  const template = fits.find((candidate) => candidate.spec.name === run.specName) ?? fits[0];
  if (!template?.reference?.metric || template.reference.value === undefined) return null;
  return { template, reference: { ...template.reference, metric: template.reference.metric, value: template.reference.value } };
}

/** "paper: 13.87 — yours: 13.91 after 1 epoch", with the paper's epochs when they differ from the run's. */
export function comparisonText(reference: { value: number; epochs?: number }, yours: number | null, epochsDone: number): string {
  const digits = decimals(reference.value);
  const paper = `paper: ${reference.value.toFixed(digits)}${reference.epochs !== undefined && reference.epochs !== epochsDone ? ` (after ${epochText(reference.epochs)})` : ''}`;
  if (yours === null) return `${paper} — yours: not measured yet`;
  return `${paper} — yours: ${yours.toFixed(Math.max(2, digits))} after ${epochText(epochsDone)}`;
}

function epochText(epochs: number): string {
  const n = Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(2);
  return `${n} epoch${epochs === 1 ? '' : 's'}`;
}

function decimals(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}

/** Whether a run's loss and accuracy charts mean anything: backprop, or a procedure that declares chart panels. */
export function hasLossCharts(procedure: ProcedureRef | undefined): boolean {
  const kind = procedure?.kind ?? 'backprop';
  return kind === 'backprop' || (getProcedure(kind)?.panels.length ?? 1) > 0 || getProcedure(kind)?.supervised === true;
}
