import { app, BrowserWindow, ipcMain, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../../src-shared/api/bridge';
import { createApiService } from '../services/api-service';
import { resolveDataDir } from '../services/data-dir';
import { createElectronTrainerHost } from './trainer-host-electron';
import { registerApiIpc } from './ipc';
import { menuTemplate } from './menu';
import { appUrlMatcher, createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const indexFile = join(here, '../renderer/index.html');
const isAppUrl = appUrlMatcher(devServerUrl, pathToFileURL(indexFile).href);

app.setName('LayerLab');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  void app.whenReady().then(() => {
    const service = createApiService({
      dataDir: resolveDataDir(),
      trainerHostFactory: () => createElectronTrainerHost(join(here, 'trainer.js')),
    });
    registerApiIpc(ipcMain, service, isAppUrl);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform === 'darwin')));

    // resources/icons of this checkout (out/main is two levels below it): the window's and the taskbar's icon.
    window = createMainWindow(join(here, '../preload/index.cjs'), isAppUrl, join(here, '../../resources/icons/icon.png'));
    const unsubscribe = service.subscribe((event) => window?.webContents.send(IPC_EVENT_CHANNEL, event));
    window.on('closed', () => {
      unsubscribe();
      window = null;
    });
    if (devServerUrl) void window.loadURL(devServerUrl);
    else void window.loadFile(indexFile);

    app.on('window-all-closed', () => app.quit());
    // Hold the quit until the services have stopped their trainers and flushed the history.
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      closed = true;
      void service.close().finally(() => app.quit());
    });
  });
}
