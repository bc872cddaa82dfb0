import { nameOfPath } from '../plans/settings';

/** One row of Compare's "settings that differ": a human name and each run's value as a person reads it. */
export interface SettingRow {
  /** The dotted path (the setting's root when its parts are shown together). */
  path: string;
  name: string;
  values: string[];
}

/** Stored as JSON text; a run without the setting has "—". */
function readable(raw: string): string {
  if (raw === '—') return '—';
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  if (value === null) return 'off';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return JSON.stringify(value);
}

/**
 * The API's differing settings made readable: a setting that is off (null) in one run and an object in another
 * (max-norm off against {limit: 3}) is one row, "off" against "limit 3"; other paths keep a row each.
 */
export function settingRows(differing: readonly { path: string; values: string[] }[]): SettingRow[] {
  const paths = new Set(differing.map((setting) => setting.path));
  // A layer that only some runs have is one row ("dropout, rate 0.5" against "—"), not one per parameter.
  const partialNodes = new Set(differing.filter((s) => /^node\.[^.]+\.kind$/.test(s.path) && s.values.includes('—')).map((s) => s.path.slice(0, -'.kind'.length)));
  const rootOf = (path: string): string => {
    const node = /^node\.[^.]+/.exec(path)?.[0];
    if (node && partialNodes.has(node)) return node;
    const parts = path.split('.');
    for (let n = 1; n < parts.length; n++) {
      const prefix = parts.slice(0, n).join('.');
      if (paths.has(prefix)) return prefix;
    }
    return path;
  };
  const groups = new Map<string, { path: string; values: string[] }[]>();
  for (const setting of differing) {
    const root = rootOf(setting.path);
    groups.set(root, [...(groups.get(root) ?? []), setting]);
  }
  return [...groups.entries()].map(([root, members]) => {
    if (partialNodes.has(root)) return layerRow(root, members);
    if (members.length === 1) return { path: root, name: nameOfPath(root), values: members[0].values.map(readable) };
    const runs = members[0].values.length;
    const values = Array.from({ length: runs }, (_, run) => {
      const own = members.find((member) => member.path === root)?.values[run] ?? '—';
      if (own !== '—') return readable(own);
      const parts = members.filter((member) => member.path !== root && member.values[run] !== '—').map((member) => `${member.path.slice(root.length + 1)} ${readable(member.values[run])}`);
      return parts.length ? parts.join(', ') : '—';
    });
    return { path: root, name: nameOfPath(root), values };
  });
}

/** A layer some runs lack: its kind and parameters in one cell per run, "—" where the run has no such layer. */
function layerRow(root: string, members: { path: string; values: string[] }[]): SettingRow {
  const id = root.slice('node.'.length);
  const kind = members.find((member) => member.path === `${root}.kind`)!;
  const values = kind.values.map((raw, run) => {
    if (raw === '—') return '—';
    const params = members.filter((member) => member !== kind && member.values[run] !== '—').map((member) => `${member.path.slice(root.length + 1)} ${readable(member.values[run])}`);
    return params.length ? `${readable(raw)}, ${params.join(', ')}` : readable(raw);
  });
  return { path: root, name: `Layer ${id}`, values };
}
