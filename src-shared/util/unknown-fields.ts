import type { z } from 'zod';
import { unknownFieldMessage } from './closest-name';

export interface UnknownField {
  /** Dotted path of the object holding it, from `where`. */
  path: string;
  field: string;
  message: string;
}

type AnySchema = z.core.$ZodType;
type Def = { type: string; [key: string]: unknown };

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object option of a union that `value` is meant for: by discriminator, else the first that accepts it. */
function unionOption(def: Def, value: unknown): AnySchema | undefined {
  const options = def.options as AnySchema[];
  const key = def.discriminator as string | undefined;
  if (key !== undefined && isPlainObject(value)) {
    return options.find((option) => {
      const shape = (defOf(option).shape ?? {}) as Record<string, AnySchema>;
      const values = shape[key] ? (defOf(shape[key]).values as unknown[] | undefined) : undefined;
      return values?.includes(value[key]);
    });
  }
  return options.find((option) => (option as unknown as z.ZodType).safeParse(value).success) ?? options.find((option) => defOf(option).type === 'object');
}

/**
 * Every field of `value` that `schema` does not know, walking objects, arrays, unions and wrappers as the
 * schema nests them (so a field added to the schema is known at once). Objects that allow extra fields
 * (a catchall other than never, records) are not checked.
 */
export function findUnknownFields(schema: AnySchema, value: unknown, where: string): UnknownField[] {
  const found: UnknownField[] = [];
  const visit = (node: AnySchema, input: unknown, path: string) => {
    const def = defOf(node);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        return visit(def.innerType as AnySchema, input, path);
      case 'pipe':
        return visit(def.in as AnySchema, input, path);
      case 'lazy':
        return visit((def.getter as () => AnySchema)(), input, path);
      case 'array':
        if (Array.isArray(input)) input.forEach((item, index) => visit(def.element as AnySchema, item, `${path}.${index}`));
        return;
      case 'union': {
        const option = unionOption(def, input);
        if (option) visit(option, input, path);
        return;
      }
      case 'object': {
        if (!isPlainObject(input)) return;
        const shape = def.shape as Record<string, AnySchema>;
        const catchall = def.catchall as AnySchema | undefined;
        const strict = catchall === undefined || defOf(catchall).type === 'never';
        const known = Object.keys(shape);
        for (const key of Object.keys(input)) {
          if (Object.prototype.hasOwnProperty.call(shape, key)) visit(shape[key], input[key], `${path}.${key}`);
          else if (strict) found.push({ path, field: key, message: `${path}: ${unknownFieldMessage(key, known)}` });
        }
        return;
      }
      default:
        return;
    }
  };
  visit(schema, value, where);
  return found;
}

/**
 * Parses like `schema.safeParse`, and also refuses fields the schema does not know (a misspelled setting
 * would otherwise be dropped and its default used), each named with the closest known name.
 */
export function parseStrictly<S extends z.ZodType>(schema: S, value: unknown, where: string, describe: (issues: readonly z.core.$ZodIssue[], where: string) => string):
  | { ok: true; data: z.output<S> }
  | { ok: false; message: string } {
  const unknown = findUnknownFields(schema, value, where).map((field) => field.message);
  const result = schema.safeParse(value);
  const issues = result.success ? [] : result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  const problems = [...unknown, ...(issues.length > 0 ? [describe(issues, where)] : [])];
  if (problems.length === 0 && result.success) return { ok: true, data: result.data };
  if (problems.length === 0 && !result.success) return { ok: false, message: describe(result.error.issues, where) };
  return { ok: false, message: problems.join('\n') };
}
