#!/usr/bin/env node
// `npm start` (after the build): the Electron app when its binary is installed, else the browser host.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The Electron executable, or null. This is what `require('electron')` returns, found without calling it:
 * when the binary is missing, that module starts a download instead of throwing.
 */
function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  let relative;
  try {
    relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    relative = undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : null;
  if (!candidate || !existsSync(candidate)) return null;
  try {
    const resolved = require('electron');
    return typeof resolved === 'string' && existsSync(resolved) ? resolved : candidate;
  } catch {
    return null;
  }
}

/** Runs a child with our stdio, passes SIGINT/SIGTERM/SIGHUP on, and exits with its code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: appDir, stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`Cannot start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) {
      // Die of the same signal so a parent shell sees what happened.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

const electron = findElectronBinary();
if (electron) {
  run(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.error('Electron binary not found (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1) — starting the browser host instead.');
  run(process.execPath, [join(appDir, 'out', 'main', 'serve.js'), ...process.argv.slice(2)]);
}
