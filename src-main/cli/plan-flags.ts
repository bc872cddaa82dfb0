import { RANDOM_DISTS, type RandomDim } from '../../src-shared/plans';
import { UsageError } from './cli-error';

/** A setting value on the command line: JSON (3, 0.1, null, true, {"limit":3}, "sgd"), else the text itself (sgd). */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `--grid PATH=v1,v2,…`: the values as one JSON list when they form one (objects with commas), else split at commas. */
export function parseGridFlag(text: string): { path: string; values: unknown[] } {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--grid ${text}: expected PATH=VALUE,VALUE,… (e.g. --grid config.learningRate=0.01,0.1)`);
  const path = text.slice(0, eq);
  const list = text.slice(eq + 1);
  try {
    const values: unknown = JSON.parse(`[${list}]`);
    if (Array.isArray(values)) return { path, values };
  } catch {
    // not one JSON list: plain words such as sgd,adam
  }
  return { path, values: list.split(',').map((value) => parseValue(value.trim())) };
}

/** `--space PATH=uniform:MIN:MAX | log-uniform:MIN:MAX | int:MIN:MAX | choice:V1,V2,…`. */
export function parseSpaceFlag(text: string): RandomDim {
  const eq = text.indexOf('=');
  const usage = `expected PATH=DIST:MIN:MAX or PATH=choice:V1,V2 with DIST one of ${RANDOM_DISTS.join(', ')} (e.g. --space config.learningRate=log-uniform:0.001:0.3)`;
  if (eq <= 0) throw new UsageError(`--space ${text}: ${usage}`);
  const path = text.slice(0, eq);
  const [dist, ...rest] = text.slice(eq + 1).split(':');
  if (!(RANDOM_DISTS as readonly string[]).includes(dist)) throw new UsageError(`--space ${text}: unknown distribution "${dist}"; ${usage}`);
  if (dist === 'choice') return { path, dist: 'choice', values: parseGridFlag(`${path}=${rest.join(':')}`).values };
  const [min, max] = rest.map(Number);
  if (rest.length !== 2 || !Number.isFinite(min) || !Number.isFinite(max)) throw new UsageError(`--space ${text}: ${usage}`);
  return { path, dist: dist as RandomDim['dist'], min, max };
}
