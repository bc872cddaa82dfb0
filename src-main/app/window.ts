import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';

/** The only window's options: an isolated, sandboxed renderer with no Node, reaching main through the preload. */
export function mainWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    ...(iconPath ? { icon: iconPath } : {}),
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    title: 'LayerLab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Denies window.open and every navigation away from the app's own page; webviews are never attached. */
export function lockDownNavigation(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const refuse = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** True for the renderer's own page: the dev server in `npm run dev`, else the built index.html file. */
export function appUrlMatcher(devServerUrl: string | undefined, indexFileUrl: string): (url: string) => boolean {
  return (url) => {
    if (devServerUrl) return new URL(url).origin === new URL(devServerUrl).origin;
    return url.split(/[?#]/)[0] === indexFileUrl;
  };
}

export function createMainWindow(preloadPath: string, isAppUrl: (url: string) => boolean, iconPath?: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, iconPath));
  lockDownNavigation(window.webContents, isAppUrl);
  window.once('ready-to-show', () => window.show());
  return window;
}
