import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from './browser-host';
import { connectWsClient, wsUrlOf } from './test-support/ws-client';

// "Browse…" over the browser host's WebSocket (issue 9): the page lists host directories itself; the host has no
// file dialog, so system.pickPath is refused with a reason the page knows (it never asks: pathPicker 'in-page').
describe('browser host: system.listDirectory and system.pickPath over WebSocket', () => {
  let dir: string;
  let host: Awaited<ReturnType<typeof startBrowserHost>>;
  let client: Awaited<ReturnType<typeof connectWsClient>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-browse-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    host = await startBrowserHost({ staticDir: dir });
    client = await connectWsClient(wsUrlOf(host.url), `http://127.0.0.1:${host.port}`);
  });

  afterAll(async () => {
    await client.close();
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists a host directory, and says "not found" for one that is not there', async () => {
    expect(await client.invoke('system.listDirectory', { path: dir })).toMatchObject({
      ok: true,
      value: { path: dir, parent: expect.any(String), truncated: false, entries: [{ name: 'index.html', kind: 'file', size: 15 }] },
    });
    const missing = join(dir, 'missing');
    expect(await client.invoke('system.listDirectory', { path: missing })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { path: missing } } });
    expect(await client.invoke('system.listDirectory', { path: 'relative' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses system.pickPath: no dialog to show', async () => {
    expect(await client.invoke('system.pickPath', { purpose: 'sendFile' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'noNativeDialog' } } });
  });
});
