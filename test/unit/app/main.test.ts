import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter as Emitter } from 'node:events';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-shared/api/bridge';

// The Electron binary cannot be downloaded here: app, BrowserWindow, ipcMain and Menu are recording stand-ins.
const fake = vi.hoisted(() => ({
  lock: true,
  quits: 0,
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  ready: null as null | (() => void),
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  windows: [] as { options: Record<string, unknown>; sent: unknown[][]; loaded: string[] }[],
  menuSet: false,
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWindow extends EventEmitter {
    record: { options: Record<string, unknown>; sent: unknown[][]; loaded: string[] };
    webContents: Emitter & { send: (...args: unknown[]) => void; setWindowOpenHandler: () => void };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options, sent: [], loaded: [] };
      fake.windows.push(this.record);
      const contents = new EventEmitter() as Emitter & { send: (...args: unknown[]) => void; setWindowOpenHandler: () => void };
      contents.send = (...args: unknown[]) => this.record.sent.push(args);
      contents.setWindowOpenHandler = () => {};
      this.webContents = contents;
    }
    loadFile(path: string) {
      this.record.loaded.push(path);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    show() {}
    isMinimized() {
      return false;
    }
    focus() {}
  }
  return {
    app: {
      setName: () => {},
      requestSingleInstanceLock: () => fake.lock,
      quit: () => void fake.quits++,
      on: (event: string, listener: (...args: unknown[]) => void) => fake.appEvents.set(event, listener),
      whenReady: () => new Promise<void>((resolve) => (fake.ready = resolve)),
    },
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => fake.handlers.set(channel, handler), removeHandler: () => {} },
    Menu: { buildFromTemplate: (template: unknown[]) => template, setApplicationMenu: () => void (fake.menuSet = true) },
    utilityProcess: { fork: () => { throw new Error('no trainer in this test'); } },
  };
});

describe('Electron main (electron mocked: binary not available here)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-main-'));
  process.env.LAYERLAB_DATA_DIR = dataDir;

  beforeEach(() => {
    vi.resetModules();
    fake.quits = 0;
    fake.appEvents.clear();
    fake.handlers.clear();
    fake.windows.length = 0;
    fake.ready = null;
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('quits at once when another instance holds the lock', async () => {
    fake.lock = false;
    await import('../../../src-main/app/main');
    expect(fake.quits).toBe(1);
    expect(fake.ready).toBeNull();
  });

  it('opens one sandboxed window on the built page, serves the API on IPC and pushes events to the window', async () => {
    fake.lock = true;
    await import('../../../src-main/app/main');
    expect(fake.appEvents.has('second-instance')).toBe(true);
    fake.ready!();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const [window] = fake.windows;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(window.loaded[0]).toMatch(/renderer[/\\]index\.html$/);
    expect(fake.menuSet).toBe(true);

    const handler = fake.handlers.get(IPC_CALL_CHANNEL)!;
    const pageUrl = new URL(`file://${window.loaded[0]}`).href;
    const info = (await handler({ senderFrame: { url: pageUrl } }, 'system.info', {})) as { ok: boolean; result: { dataDir: string } };
    expect(info).toMatchObject({ ok: true, result: { dataDir } });
    expect(await handler({ senderFrame: { url: pageUrl } }, 'shell.exec', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // Starting a run makes the service publish events, which must reach the window on the event channel.
    const spec = { format: 1, name: 'n', nodes: [{ id: 'input', kind: 'input', params: { shape: [2] } }, { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } }], edges: [{ from: 'input', to: 'out' }] };
    const started = await handler({ senderFrame: { url: pageUrl } }, 'runs.start', { spec, config: { epochs: 1 }, dataset: { name: 'spirals' } });
    expect(started).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(window.sent.length).toBeGreaterThan(0));
    const quitEvent = { prevented: false, preventDefault() { this.prevented = true; } };
    fake.appEvents.get('before-quit')!(quitEvent);
    expect(quitEvent.prevented).toBe(true);
    await vi.waitFor(() => expect(fake.quits).toBe(1));
    expect(window.sent.every(([channel]) => channel === IPC_EVENT_CHANNEL)).toBe(true);
  });
});
