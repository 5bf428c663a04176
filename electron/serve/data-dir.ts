import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Overrides the browser host's data directory when --data-dir is not given (tests, portable installs). */
export const DATA_DIR_ENV = 'SOCKETDESK_DATA_DIR';
const APP_DIR_NAME = 'socketdesk';

/**
 * Where the browser host (`npm run serve`) keeps settings when no --data-dir is given: $SOCKETDESK_DATA_DIR, else the per-user
 * config directory the Electron host's userData also lives in when run from source — $XDG_CONFIG_HOME/socketdesk
 * or ~/.config/socketdesk on Linux (XDG Base Directory spec), ~/Library/Application Support/socketdesk on macOS,
 * %APPDATA%\socketdesk on Windows. Relative paths are taken from the working directory.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const explicit = env[DATA_DIR_ENV];
  if (explicit) return resolve(explicit);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.config'), APP_DIR_NAME);
}
