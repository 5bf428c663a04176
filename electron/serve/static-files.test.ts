import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';
import { contentTypeOf, createStaticHandler, resolveStaticPath } from './static-files';
import { waitFor } from '../test-support/wait-for';
import { abortedGet, httpGet } from './test-support/http-get';

let base: string;
let root: string;
let server: Server;
let port: number;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'socketdesk-static-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>SocketDesk</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  // Larger than the socket buffers on both ends, so the response is still streaming when the client walks away.
  await writeFile(join(root, 'assets', 'big.wasm'), Buffer.alloc(4 * 1024 * 1024, 0x5a));
  await writeFile(join(base, 'secret.txt'), 'do not serve');
  await symlink(join(base, 'secret.txt'), join(root, 'escape.txt'));
  const handler = createStaticHandler(root);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(base, { recursive: true, force: true });
});

/** Open descriptors of this process (Linux). */
function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('static files', () => {
  it('serves index.html for / with the CSP, nosniff and an HTML content type', async () => {
    const reply = await httpGet(port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>SocketDesk</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their content types, and the query string does not matter', async () => {
    const js = await httpGet(port, '/assets/app.js?v=1');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await httpGet(port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await httpGet(port, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const post = await httpGet(port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/%00index.html',
    '/%E0%A4%A',
    '/escape.txt',
    '/assets',
    '/missing.js',
  ])('refuses %s with 404 and never leaks the file', async (path) => {
    const reply = await httpGet(port, path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('do not serve');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('resolves only files inside the root', async () => {
    const realRoot = await realpath(root);
    expect(await resolveStaticPath(root, '/')).toBe(join(realRoot, 'index.html'));
    expect(await resolveStaticPath(root, '/assets/app.js')).toBe(join(realRoot, 'assets', 'app.js'));
    expect(await resolveStaticPath(root, '/../secret.txt')).toBeNull();
    expect(await resolveStaticPath(root, 'relative.txt')).toBeNull();
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the client abandons the response (1 000 aborted GETs)', async () => {
    const before = openFdCount();
    for (let i = 0; i < 1_000; i++) await abortedGet(port, '/assets/big.wasm');
    // Closes are asynchronous (fs close, socket teardown): give them a bounded moment to settle, then judge.
    await waitFor('descriptors to settle', () => (openFdCount() - before <= 5 ? true : undefined), 5_000).catch(() => false);
    const grown = openFdCount() - before;
    expect(grown, 'descriptors still open after 1 000 aborted GETs').toBeLessThanOrEqual(5);
  }, 60_000);
});
