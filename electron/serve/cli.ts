import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackHost } from './access-policy';
import { SettingsFile } from '../engine/settings-file';
import { startBrowserHost, type BrowserHost } from './browser-host';
import { parseCliArgs, USAGE } from './cli-args';
import { defaultDataDir } from './data-dir';
import { fixedTokenFrom, TOKEN_ENV } from './fixed-token';

/**
 * `npm run serve` / `node out/main/serve.js`: the browser host as a command. Prints exactly one line on stdout,
 * `SocketDesk browser host: <url>`, once it listens (e2e tests and scripts parse it); everything else goes to
 * stderr.
 */
export const URL_LINE_PREFIX = 'SocketDesk browser host: ';

/** A second signal sooner than this after the first (ms) is taken as an echo of the first. */
const DUPLICATE_SIGNAL_MS = 1_000;
/** Longest clean shutdown (ms) before the process ends anyway; the OS then releases what is left. */
const SHUTDOWN_DEADLINE_MS = 3_000;

/**
 * Ends the process at once, as `signal` would have without our handler. Not process.exit(): that waits for
 * every libuv worker thread to finish, and one stuck in the kernel (a read from a hung network mount, an open of
 * a FIFO) never does. The default action of the signal needs no thread to cooperate.
 */
function endBySignal(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // Should the signal be ignored after all (inherited SIG_IGN): nothing can ignore this one.
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 500);
}

/** Why the process is still alive, for the line that says it is being ended: e.g. "FSReqPromise". */
function pendingWork(): string {
  const kinds = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout' && kind !== 'TTYWrap');
  return kinds.length > 0 ? kinds.join(', ') : 'nothing known';
}

/** out/renderer, next to this file once built as out/main/serve.js. */
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

/** The exit code of a command that is done; undefined once the host is serving (it stops on a signal). */
async function main(argv: readonly string[]): Promise<number | undefined> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`SocketDesk browser host: ${parsed.message}\n`);
    return 2;
  }
  if (parsed.command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { host, port } = parsed.command;
  const dataDir = parsed.command.dataDir ?? defaultDataDir();
  const fixed = fixedTokenFrom(process.env);
  if (!fixed.ok) {
    process.stderr.write(`SocketDesk browser host: ${fixed.message}\n`);
    return 2;
  }
  if (!existsSync(join(DEFAULT_STATIC_DIR, 'index.html'))) {
    process.stderr.write(`SocketDesk browser host: warning: no built UI in ${DEFAULT_STATIC_DIR} (run npm run build)\n`);
  }
  let server: BrowserHost;
  try {
    // One settings file for every page of this host, so saves and loads from several tabs stay in order.
    server = await startBrowserHost({
      host,
      port,
      staticDir: DEFAULT_STATIC_DIR,
      engineOptions: { settings: new SettingsFile(dataDir) },
      ...(fixed.token ? { token: fixed.token } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is already in use on ${host}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`SocketDesk browser host: cannot listen: ${why}\n`);
    return 1;
  }
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `SocketDesk browser host: warning: listening on ${host}, not loopback — anyone on that network who holds the token can open sockets from this machine.\n`,
    );
  }
  process.stderr.write(`SocketDesk browser host: settings are kept in ${dataDir}\n`);
  if (fixed.token) process.stderr.write(`SocketDesk browser host: the token comes from ${TOKEN_ENV}: pages left open reconnect after a restart\n`);
  process.stdout.write(`${URL_LINE_PREFIX}${server.url}\n`);

  stopOnSignals(server);
  return undefined;
}

/**
 * SIGINT / SIGTERM close the host; the process then ends when nothing is left to do (the event loop drains), with
 * exit code 0, or 1 if closing failed. Whatever still runs at the deadline (a stuck file operation, a socket that
 * will not close) cannot hold the process: it is ended by the signal (see endBySignal for why not exit()).
 */
function stopOnSignals(server: BrowserHost): void {
  let stoppedAt = 0;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppedAt !== 0) {
      // A Ctrl+C reaches both this process and a wrapper that forwards it (scripts/start.mjs): the echo within
      // a moment is the same request. A later one means "now".
      if (Date.now() - stoppedAt < DUPLICATE_SIGNAL_MS) return;
      process.stderr.write(`SocketDesk browser host: ${signal} again, exiting now\n`);
      endBySignal(signal);
      return;
    }
    stoppedAt = Date.now();
    // unref: a host that closed cleanly exits as soon as the loop drains, without waiting for this.
    setTimeout(() => {
      process.stderr.write(`SocketDesk browser host: still busy ${SHUTDOWN_DEADLINE_MS / 1000} s after ${signal} (${pendingWork()}), exiting\n`);
      endBySignal(signal);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close().then(
      () => void (process.exitCode = 0),
      (error: unknown) => {
        process.stderr.write(`SocketDesk browser host: error while closing: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`SocketDesk browser host: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
