import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-shared/api/bridge';

// The Electron binary cannot be downloaded here: contextBridge and ipcRenderer are recording stand-ins.
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, result: [] });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
  },
}));

describe('preload (electron mocked: binary not available here)', () => {
  it('exposes exactly one object with call and onEvent on the fixed channels', async () => {
    await import('../../../src-main/preload/index');
    expect([...exposed.keys()]).toEqual(['layerlab']);
    const bridge = exposed.get('layerlab') as { call: (m: string, p: unknown) => Promise<unknown>; onEvent: (l: (e: unknown) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    await bridge.call('runs.list', {});
    expect(invoked).toEqual([[IPC_CALL_CHANNEL, 'runs.list', {}]]);
    const seen: unknown[] = [];
    const off = bridge.onEvent((event) => seen.push(event));
    for (const listener of listeners.get(IPC_EVENT_CHANNEL) ?? []) listener({}, { type: 'runs.changed' });
    off();
    for (const listener of listeners.get(IPC_EVENT_CHANNEL) ?? []) listener({}, { type: 'runs.changed' });
    expect(seen).toEqual([{ type: 'runs.changed' }]);
  });
});
