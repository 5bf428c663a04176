import { expect, test } from './fixtures';
import type { Language } from './desk';
import { HalfClosingClient } from './peers/coming-going-peers';
import type { Disposable } from './peers/node-peers';
import { freePort, LOOPBACK } from './peers/ports';
import { ToolProcess } from './peers/tool-process';
import { pollUntil } from './peers/wait';

/**
 * TCP half-close (issue 10): a peer that finished sending (FIN) has not hung up. The TCP client tab shows a row
 * saying so and stays connected, and its reply still reaches the peer; a TCP server keeps such a client listed,
 * marked, until it is kicked. Peers: ncat sending a request from its stdin (it half-closes at EOF and keeps
 * reading), and a Node client that ends after its request.
 */
const WORDS = {
  en: {
    finishedRow: 'Peer finished sending (FIN); you can still send to it until the connection is closed',
    status: /^TCP client connected to 127\.0\.0\.1:\d+ \(local 127\.0\.0\.1:\d+\); the peer finished sending$/,
    mark: 'finished sending',
    disconnected: 'Disconnected: closed by you',
    kicked: 'Client disconnected: kicked',
  },
  zh: {
    finishedRow: '对端已结束发送（FIN）；关闭连接前仍可向它发送',
    status: /^TCP 客户端已连接 127\.0\.0\.1:\d+（本地 127\.0\.0\.1:\d+）；对端已结束发送$/,
    mark: '已结束发送',
    disconnected: '已断开：已由用户关闭',
    kicked: '客户端已断开：已被踢出',
  },
} satisfies Record<Language, unknown>;

const owned: Array<Disposable | ToolProcess> = [];
test.afterEach(async () => {
  for (const peer of owned.splice(0)) await ('dispose' in peer ? peer.dispose() : peer.stop());
});

for (const language of ['en', 'zh'] as const) {
  test.describe(`TCP half-close (${language})`, () => {
    test('TCP client: ncat sends its request and half-closes; the tab shows it, stays connected, and its reply reaches ncat', async ({ desk }) => {
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const port = await freePort('tcp');
      const ncat = new ToolProcess('ncat', ['-v', '-l', LOOPBACK, String(port)]);
      owned.push(ncat);
      await pollUntil('ncat to listen', () => (ncat.stderr.includes('Listening on') ? true : undefined));
      // Its request, then EOF on its stdin: ncat sends its FIN and goes on reading.
      ncat.write('GET status\n');
      await desk.chooseProtocol('tcp-client');
      await desk.setRemote(LOOPBACK, port);
      await desk.open();
      await expect(desk.entries({ dir: 'rx' })).toContainText('GET status');
      ncat.end();

      await expect(desk.entries({ dir: 'event' }).filter({ hasText: words.finishedRow })).toHaveCount(1);
      await expect(desk.status).toHaveText(words.status);
      await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
      await desk.send('200 OK\n');
      await ncat.waitForStdout('200 OK\n');

      // Disconnect ends our side too: ncat sees the connection over and exits.
      await desk.close();
      await ncat.waitForExit();
      await expect(desk.entries({ dir: 'event' }).last()).toContainText(words.disconnected);
      await desk.expectCounter('tx', { bytes: 7, frames: 1 });
    });

    test('TCP server: a client that ends after its request stays listed, marked; the reply reaches it; a kick closes it', async ({ desk }) => {
      const words = WORDS[language];
      await desk.switchLanguage(language);
      await desk.chooseProtocol('tcp-server');
      await desk.setLocal(LOOPBACK, await freePort('tcp'));
      await desk.open();
      const port = Number(await desk.page.getByTestId('local-port').inputValue());
      const client = await HalfClosingClient.connect(port);
      owned.push(client);
      await expect(desk.clientRow(client.address)).toHaveCount(1);
      client.finish('request');

      const row = desk.clientRow(client.address);
      await expect(row).toHaveAttribute('data-finished', 'true');
      await expect(row.getByTestId('client-finished')).toHaveText(words.mark);
      await expect(desk.entries({ dir: 'event', peer: client.address }).filter({ hasText: words.finishedRow })).toHaveCount(1);
      await desk.sendTo(client.address);
      await desk.send('response');
      await expect.poll(() => client.connection.received).toBe('response');

      await desk.kick(client.address);
      await expect(row).toHaveCount(0);
      await expect.poll(() => client.connection.sawEnd).toBe(true);
      await expect(desk.entries({ dir: 'event', peer: client.address }).last()).toContainText(words.kicked);
    });
  });
}
