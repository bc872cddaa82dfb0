import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The desktop app's name; its user-data folder is where the history lives by default. */
export const APP_NAME = 'LayerLab';

/**
 * The folder Electron's `app.getPath('userData')` returns for an app named LayerLab, so the CLI, the
 * headless host and the desktop app share one history: Linux $XDG_CONFIG_HOME/LayerLab or
 * ~/.config/LayerLab, macOS ~/Library/Application Support/LayerLab, Windows %APPDATA%/LayerLab.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

/** --data-dir, else LAYERLAB_DATA_DIR, else the platform default; always absolute. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.LAYERLAB_DATA_DIR || defaultDataDir(process.platform, env));
}
