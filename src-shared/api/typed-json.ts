/**
 * JSON that carries typed arrays (the curves of `runs.curves`) as base64 of their bytes: the headless host's
 * replacer and the browser client's reviver. Electron IPC needs neither (structured clone keeps them).
 */
const KINDS = { f64: Float64Array, f32: Float32Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array } as const;
type Kind = keyof typeof KINDS;
const MARK = '$typed';

function kindOf(value: unknown): Kind | null {
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Uint16Array) return 'u16';
  if (value instanceof Uint32Array) return 'u32';
  if (value instanceof Int32Array) return 'i32';
  return null;
}

/** Node's Buffer where there is one (the host): much faster than btoa for large columns. The renderer has none. */
interface NodeBuffer {
  from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string };
  from(text: string, encoding: 'base64'): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(text, 'base64'));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function typedArrayReplacer(_key: string, value: unknown): unknown {
  const kind = kindOf(value);
  if (!kind) return value;
  const view = value as Float64Array;
  return { [MARK]: kind, data: toBase64(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
}

export function typedArrayReviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const record = value as { [MARK]?: unknown; data?: unknown };
  const kind = record[MARK];
  if (typeof kind !== 'string' || !(kind in KINDS) || typeof record.data !== 'string') return value;
  const bytes = fromBase64(record.data);
  const Type = KINDS[kind as Kind];
  return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Type.BYTES_PER_ELEMENT);
}

/** JSON.parse that turns encoded typed arrays back into arrays; text without any costs no reviver. */
export function parseTypedJson(text: string): unknown {
  return text.includes(`"${MARK}"`) ? JSON.parse(text, typedArrayReviver) : JSON.parse(text);
}
