import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { SECURITY_HEADERS } from './content-security-policy';

/** Content types of what a Vite build emits. Anything else is served as opaque bytes (with nosniff). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function sendPlain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * Resolves a URL path to a file strictly inside `root`, or null. Rejects what could step outside: undecodable
 * escapes, NUL, backslashes (a Windows separator), `..` segments, and symlinks that lead out of the root
 * (checked on the real path).
 */
export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = decoded === '/' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(resolve(realRoot, `.${relative}`));
  } catch {
    return null;
  }
  if (!realFile.startsWith(realRoot + sep)) return null;
  try {
    const info = await stat(realFile);
    return info.isFile() ? realFile : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built renderer from `root`: GET and HEAD only, `/` is index.html, every response carries the CSP and
 * nosniff. Nothing is cached by the browser: the build changes under a fixed URL between runs.
 */
export function createStaticHandler(root: string): StaticHandler {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPlain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const filePath = await resolveStaticPath(root, rawPath);
    if (!filePath) {
      sendPlain(res, 404, 'Not Found');
      return;
    }
    let size: number;
    try {
      size = (await stat(filePath)).size;
    } catch {
      sendPlain(res, 404, 'Not Found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeOf(filePath),
      'Content-Length': String(size),
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline, not pipe: when the client goes away mid-body, pipe leaves the file open (one descriptor per
    // abandoned request, until the process runs out); pipeline destroys the read stream, which closes it.
    pipeline(createReadStream(filePath), res, () => {
      // A read error or a client gone mid-body: pipeline has already destroyed both streams; nobody to answer.
    });
  };
}
