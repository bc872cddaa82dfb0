import type { LayerKindDef, ParamDef, Params } from './catalog-types';
import type { SpecIssue } from './analysis-types';
import { formatValue } from './shape';

export interface ResolvedParams {
  /** Every param of the kind: the user's value when it is valid, else the default. */
  params: Params;
  /** False when a known param has a bad value; the node's shape is then not computed. */
  valid: boolean;
  issues: SpecIssue[];
}

/** Fills defaults and checks each value against its ParamDef; messages name the node and param and quote the value. */
export function resolveParams(def: LayerKindDef, given: Params, nodeId: string): ResolvedParams {
  const params: Params = {};
  const issues: SpecIssue[] = [];
  let valid = true;
  const known = new Set(def.params.map((param) => param.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const list = def.params.length ? `its parameters are ${def.params.map((param) => param.name).join(', ')}` : 'it has no parameters';
      issues.push({ nodeId, param: name, message: `node "${nodeId}": ${def.kind} has no parameter "${name}"; ${list}` });
    }
  }
  for (const param of def.params) {
    const value = given[param.name];
    if (value === undefined) {
      params[param.name] = copyDefault(param.default);
      continue;
    }
    const expected = checkParam(param, value);
    if (expected === null) {
      params[param.name] = value;
    } else {
      params[param.name] = copyDefault(param.default);
      valid = false;
      issues.push({ nodeId, param: param.name, message: `node "${nodeId}": ${param.name} must be ${expected}, got ${formatValue(value)}` });
    }
  }
  return { params, valid, issues };
}

function copyDefault(value: ParamDef['default']): ParamDef['default'] {
  return Array.isArray(value) ? [...value] : value;
}

/** null when the value is acceptable, else what would be (completing "must be …"). */
export function checkParam(param: ParamDef, value: unknown): string | null {
  if (value === null) return param.nullable ? null : `${describe(param)} (it cannot be empty)`;
  const ok = (() => {
    switch (param.type) {
      case 'int':
        return typeof value === 'number' && Number.isInteger(value) && inRange(param, value);
      case 'float':
        return typeof value === 'number' && Number.isFinite(value) && inRange(param, value);
      case 'bool':
        return typeof value === 'boolean';
      case 'enum':
        return typeof value === 'string' && (param.options ?? []).includes(value);
      case 'shape':
        return isShape(param, value);
    }
  })();
  if (ok) return null;
  return param.nullable ? `${describe(param)} or empty` : describe(param);
}

function inRange(param: ParamDef, value: number): boolean {
  if (param.min !== undefined && value < param.min) return false;
  if (param.max !== undefined && (param.exclusiveMax ? value >= param.max : value > param.max)) return false;
  return true;
}

function isShape(param: ParamDef, value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const minDim = param.min ?? 1;
  const inferred = value.filter((dim) => dim === -1).length;
  if (inferred > (param.allowInferredDim ? 1 : 0)) return false;
  return value.every((dim) => dim === -1 || (typeof dim === 'number' && Number.isInteger(dim) && dim >= minDim));
}

function describe(param: ParamDef): string {
  const range = describeRange(param);
  switch (param.type) {
    case 'int':
      return `a whole number${range}`;
    case 'float':
      return `a number${range}`;
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${(param.options ?? []).map((option) => JSON.stringify(option)).join(', ')}`;
    case 'shape': {
      const inferred = param.allowInferredDim ? ' (one may be -1 to infer it)' : '';
      return `a non-empty list of whole numbers ≥ ${param.min ?? 1}${inferred}, e.g. [28, 28, 1]`;
    }
  }
}

function describeRange(param: ParamDef): string {
  const parts: string[] = [];
  if (param.min !== undefined) parts.push(`≥ ${param.min}`);
  if (param.max !== undefined) parts.push(`${param.exclusiveMax ? '<' : '≤'} ${param.max}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}
