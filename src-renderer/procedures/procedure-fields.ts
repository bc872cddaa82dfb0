import { z } from 'zod';
import type { ProcedureDef } from '../../src-shared/procedures/types';

/** One field of a procedure's params, read from its zod schema: what input to show and its default. */
export type ProcedureField =
  | { name: string; type: 'number'; default: number; integer: boolean; min?: number; max?: number }
  | { name: string; type: 'boolean'; default: boolean }
  | { name: string; type: 'string'; default: string }
  | { name: string; type: 'enum'; default: string; options: string[] }
  | { name: string; type: 'numbers'; default: number[] };

/**
 * The fields of a procedure's params: every top-level key of its object schema whose type is a number,
 * boolean, string, enum or list of numbers. Defaults come from the schema (`parse({})`); a field without one
 * starts from the type's zero. Other types (nested objects, other arrays) are left to the procedure's defaults.
 */
export function procedureFields(def: Pick<ProcedureDef, 'params'>): ProcedureField[] {
  const schema = def.params as unknown;
  if (!(schema instanceof z.ZodObject)) return [];
  const parsed = def.params.safeParse({});
  const defaults: Record<string, unknown> = parsed.success ? parsed.data : {};
  const fields: ProcedureField[] = [];
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const inner = unwrap(field);
    const fallback = defaults[name];
    if (inner instanceof z.ZodNumber) {
      fields.push({
        name,
        type: 'number',
        default: typeof fallback === 'number' ? fallback : 0,
        integer: Boolean(inner.isInt),
        ...(Number.isFinite(inner.minValue) ? { min: inner.minValue as number } : {}),
        ...(Number.isFinite(inner.maxValue) ? { max: inner.maxValue as number } : {}),
      });
    } else if (inner instanceof z.ZodBoolean) {
      fields.push({ name, type: 'boolean', default: typeof fallback === 'boolean' ? fallback : false });
    } else if (inner instanceof z.ZodEnum) {
      const options = (inner.options as unknown[]).map(String);
      fields.push({ name, type: 'enum', default: typeof fallback === 'string' ? fallback : (options[0] ?? ''), options });
    } else if (inner instanceof z.ZodArray && unwrap(inner.element as z.ZodType) instanceof z.ZodNumber) {
      fields.push({ name, type: 'numbers', default: Array.isArray(fallback) ? (fallback as number[]) : [] });
    } else if (inner instanceof z.ZodString) {
      fields.push({ name, type: 'string', default: typeof fallback === 'string' ? fallback : '' });
    }
  }
  return fields;
}

function unwrap(field: z.ZodType): z.ZodType {
  let current: z.ZodType = field;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else break;
  }
  return current;
}

/** "reconstructionImages" → "Reconstruction images": a field name as a label. */
export function fieldLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The params of a procedure from the fields' values, checked by its schema: the parsed params or the messages. */
export function checkParams(def: Pick<ProcedureDef, 'params'>, values: Record<string, unknown>): { params: Record<string, unknown> } | { problem: string } {
  const result = def.params.safeParse(values);
  if (result.success) return { params: result.data };
  return { problem: result.error.issues.map((issue) => `procedure ${issue.path.join('.') || 'params'}: ${issue.message}`).join('\n') };
}
