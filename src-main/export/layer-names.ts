import type { ExportNetwork } from './network';

/**
 * A name per node that every target accepts (a letter first, then letters, digits and _), unique, and kept as the
 * node id wherever the id already is one: node ids may start with _ or hold -, which TensorFlow and Python refuse.
 * `reserved` are names the writer uses for layers of its own (preprocessing).
 */
export function exportNames(network: ExportNetwork, reserved: readonly string[] = []): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  for (const id of network.analysis.order) {
    const base = id.replace(/-/g, '_').replace(/^_+/, '') || 'node';
    const start = /^[A-Za-z]/.test(base) ? base : `n${base}`;
    let name = start;
    for (let i = 2; taken.has(name); i++) name = `${start}_${i}`;
    taken.add(name);
    names.set(id, name);
  }
  return names;
}
