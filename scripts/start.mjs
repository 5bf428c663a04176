#!/usr/bin/env node
// `npm start` (after the build): the Electron app when its binary is installed, else the browser host.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const appDir = fileURLToPath(new URL('..', import.meta.url));

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
if (electron.path) {
  run(electron.path, ['.', ...process.argv.slice(2)]);
} else {
  console.error('Electron binary not found (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1) — starting the browser host instead.');
  run(process.execPath, [join(appDir, 'out', 'main', 'serve.js'), ...process.argv.slice(2)]);
}
