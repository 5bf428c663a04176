import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsFile } from '../engine/settings-file';
import { startBrowserHost } from './browser-host';
import { describeContractConformance } from '../test-support/conformance';
import { connectWsClient, wsUrlOf } from './test-support/ws-client';

// The browser host with the real Engine, reached over a real WebSocket on loopback.
describeContractConformance('browser host (WebSocket)', async () => {
  const staticDir = await mkdtemp(join(tmpdir(), 'socketdesk-conf-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html>');
  const host = await startBrowserHost({ staticDir, engineOptions: { settings: new SettingsFile(join(staticDir, 'data')) } });
  const client = await connectWsClient(wsUrlOf(host.url), `http://127.0.0.1:${host.port}`);
  return {
    client,
    async dispose() {
      await client.close();
      await host.close();
      await rm(staticDir, { recursive: true, force: true });
    },
  };
});
