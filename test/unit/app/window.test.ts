import { describe, expect, it, vi, beforeEach } from 'vitest';
import { EventEmitter } from 'node:events';

// The Electron binary cannot be downloaded here, so BrowserWindow is a recording stand-in.
const created: { options: Record<string, unknown>; contents: FakeContents }[] = [];

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = new FakeContents();
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents });
    }
    once() {}
    show() {}
  },
}));

const { createMainWindow, appUrlMatcher } = await import('../../../src-main/app/window');

function navigate(contents: FakeContents, channel: string, url: string): boolean {
  let prevented = false;
  contents.emit(channel, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('main window (electron mocked: binary not available here)', () => {
  const indexUrl = 'file:///opt/layerlab/out/renderer/index.html';
  const isAppUrl = appUrlMatcher(undefined, indexUrl);

  beforeEach(() => {
    created.length = 0;
  });

  it('isolates and sandboxes the renderer, without Node, with the preload', () => {
    createMainWindow('/opt/layerlab/out/preload/index.cjs', isAppUrl);
    const prefs = created[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe('/opt/layerlab/out/preload/index.cjs');
  });

  it('gives the window the app icon from resources/icons, which exists', async () => {
    const { existsSync } = await import('node:fs');
    createMainWindow('/p.cjs', isAppUrl, 'resources/icons/icon.png');
    expect(created[0].options.icon).toBe('resources/icons/icon.png');
    expect(existsSync('resources/icons/icon.png')).toBe(true);
  });

  it('denies window.open for any URL', () => {
    createMainWindow('/p.cjs', isAppUrl);
    const handler = created[0].contents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(handler({ url: indexUrl })).toEqual({ action: 'deny' });
  });

  it('refuses navigation and redirects away from the app page, and allows reloading it', () => {
    createMainWindow('/p.cjs', isAppUrl);
    const { contents } = created[0];
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(navigate(contents, 'will-navigate', `${indexUrl}?x=1#y`)).toBe(false);
    expect(navigate(contents, 'will-attach-webview', 'about:blank')).toBe(true);
  });

  it('in development accepts only the dev server origin', () => {
    const dev = appUrlMatcher('http://localhost:5173/', indexUrl);
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev(indexUrl)).toBe(false);
  });
});
