import type { LayerKindDef, ParamDef, Params } from '../../src-shared/network/catalog-types';

/** How a param value is written in a text field, and read back; `error` when the text is not even the right type. */
export function paramToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function textToParam(param: ParamDef, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '' && param.nullable) return { value: null };
  if (param.type === 'shape') {
    const parts = trimmed.split(/[\s,×x]+/).filter(Boolean).map(Number);
    if (parts.length === 0 || parts.some((n) => !Number.isFinite(n))) return { error: `${param.name}: write whole numbers separated by commas, e.g. 28, 28, 1` };
    return { value: parts };
  }
  const number = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(number)) return { error: `${param.name}: "${text}" is not a number` };
  return { value: number };
}

/** A node's settings in a few words for its card: "800 · relu", "5×5 · 6 · same". Booleans and unset values are left out. */
export function paramSummary(def: LayerKindDef | undefined, params: Params): string {
  if (!def) return '';
  return def.params
    .filter((param) => param.type !== 'bool' && param.type !== 'shape' && params[param.name] !== null && params[param.name] !== undefined)
    .map((param) => (param.type === 'enum' ? String(params[param.name]) : `${param.name} ${params[param.name]}`))
    .join(' · ');
}
