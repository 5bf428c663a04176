import { isIP } from 'node:net';
import { resolve } from 'node:path';

export const USAGE = `Usage: npm run serve -- [--host ADDR] [--port N] [--data-dir DIR]
       node out/main/serve.js [--host ADDR] [--port N] [--data-dir DIR]   (after npm run build)

Serves the SocketDesk UI to a web browser and prints its URL (with a one-time token).

  --host ADDR   address to bind (default 127.0.0.1). Any other address lets every machine that can
                reach it, and holds the token, open sockets from this machine.
  --port N      TCP port, 0–65535 (default 0: a free port chosen by the OS)
  --data-dir DIR
                where settings (settings.json) are kept. Default: $SOCKETDESK_DATA_DIR if set, else
                $XDG_CONFIG_HOME/socketdesk or ~/.config/socketdesk (macOS: ~/Library/Application
                Support/socketdesk; Windows: %APPDATA%\\socketdesk). Created on first save.
  -h, --help    show this help

Environment: SOCKETDESK_TOKEN=<32 or more random letters, digits, - or _> keeps the token the same across
restarts, so a page left open reconnects by itself (default: a new random token each start).`;

export type CliCommand =
  | { readonly kind: 'help' }
  /** `dataDir` absent: the default (data-dir.ts). */
  | { readonly kind: 'serve'; readonly host: string; readonly port: number; readonly dataDir?: string };

export type CliParse = { readonly ok: true; readonly command: CliCommand } | { readonly ok: false; readonly message: string };

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

function parseHost(text: string): string | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (bare === 'localhost' || isIP(bare) !== 0) return bare;
  return null;
}

const FLAGS = new Set(['--host', '--port', '--data-dir']);

/** Parses `--host ADDR`, `--port N`, `--data-dir DIR` (also as `--flag=value`), `--help`. Never throws; errors are one line. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let host = '127.0.0.1';
  let port = 0;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ok: true, command: { kind: 'help' } };
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(flag)) {
      return { ok: false, message: `unknown argument ${JSON.stringify(arg)} (see --help)` };
    }
    let value: string | undefined;
    if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value (see --help)` };
    if (flag === '--host') {
      const parsed = parseHost(value);
      if (parsed === null) return { ok: false, message: `--host must be an IP address or localhost, got ${JSON.stringify(value)}` };
      host = parsed;
    } else if (flag === '--data-dir') {
      dataDir = resolve(value);
    } else {
      const parsed = parsePort(value);
      if (parsed === null) return { ok: false, message: `--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}` };
      port = parsed;
    }
  }
  return { ok: true, command: { kind: 'serve', host, port, ...(dataDir !== undefined ? { dataDir } : {}) } };
}
