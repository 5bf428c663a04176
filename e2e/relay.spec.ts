import type { Locator } from '@playwright/test';
import type { Desk } from './desk';
import { expect, test } from './fixtures';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

/** Issue 10: 转发 (relay) between an external client and an external server, as a user sets it up and watches it. */

/** Chooses 转发, its transport, where it listens and where it forwards; opens it. */
async function openRelay(desk: Desk, transport: 'tcp' | 'udp', listenPort: number, server: { host: string; port: number }): Promise<void> {
  await desk.chooseProtocol('relay');
  await desk.page.getByTestId('relay-transport').selectOption(transport);
  await desk.setLocal('127.0.0.1', listenPort);
  await desk.setRemote(server.host, server.port);
  await desk.open();
}

/** A log row's header line (log mode), for its mark. */
const header = (row: Locator): Locator => row.locator('.log-head');

test.describe('Relay', () => {
  test('TCP: an ncat client and an ncat echo server talk through the relay; both legs show, marked and counted, in both languages', async ({ appHost, desk, peers }) => {
    const echo = await peers.ncatTcpEcho();
    const port = await freePort('tcp');
    await desk.switchLanguage('en');
    await openRelay(desk, 'tcp', port, echo);
    await expect(desk.status).toContainText(`Relay TCP 127.0.0.1:${port} → 127.0.0.1:${echo.port}, 0 pairs`);

    const client = await peers.ncatClient(port);
    const key = `127.0.0.1:${client.localPort}`;
    client.process.write('hello through the relay\n');
    // The client gets the server's reply through the relay.
    await client.process.waitForStdout('hello through the relay\n');

    const toServer = desk.entries({ dir: 'rx', peer: key });
    const toClient = desk.entries({ dir: 'tx', peer: key });
    await expect(toServer).toHaveCount(1);
    await expect(toClient).toHaveCount(1);
    await expect(toServer).toContainText('hello through the relay');
    await expect(header(toServer)).toContainText(`RECV ← ${key} · client → server · 24 B`);
    await expect(header(toClient)).toContainText(`SEND → ${key} · server → client · 24 B`);
    await desk.expectCounter('rx', { bytes: 24, frames: 1 });
    await desk.expectCounter('tx', { bytes: 24, frames: 1 });
    await expect(desk.counter('rx')).toContainText('C→S');
    await expect(desk.counter('tx')).toContainText('S→C');

    // The pair list shows the client with its server side (the upstream's local end).
    await expect(desk.clientRow(key)).toBeVisible();
    await expect(desk.clientRow(key).getByTestId('client-upstream')).toHaveAttribute('data-upstream', /^127\.0\.0\.1:\d+$/);
    expect(await desk.clientBytes(key)).toEqual({ in: 24, out: 24 });
    const events = await desk.eventRows();
    expect(events.map((row) => row.text)).toEqual([`Client connected; connecting to the server 127.0.0.1:${echo.port}…`, expect.stringMatching(/^Connected to the server \(it sees us as 127\.0\.0\.1:\d+\); forwarding$/)]);

    // Injected toward the client: it arrives, and its row says it was injected.
    await desk.page.getByTestId('relay-toward').selectOption('client');
    await desk.typeSendAs('ascii');
    await desk.send('from the relay\n');
    await client.process.waitForStdout('hello through the relay\nfrom the relay\n');
    await expect(header(desk.entries({ dir: 'tx', peer: key }).last())).toContainText(`INJECT ${key} · → client · 15 B`);

    // In Chinese the legs, the counters and the rows say the same.
    await desk.switchLanguage('zh');
    await expect(header(toServer)).toContainText(`接收 ← ${key} · 客户端 → 服务器 · 24 字节`);
    await expect(desk.counter('rx')).toContainText('客户端→服务器');
    await expect(desk.status).toContainText('1 对连接');
    await expect(desk.entries({ dir: 'event' }).first()).toContainText(`客户端已连接，正在连接服务器 127.0.0.1:${echo.port}…`);

    // Paused: what the client sends waits; resumed, it goes on, in order.
    await desk.page.getByTestId('relay-pause').click();
    await expect(desk.page.getByTestId('relay-pause')).toHaveAttribute('aria-pressed', 'true');
    await expect(desk.status).toContainText('（已暂停）');
    client.process.write('held back\n');
    await expect(desk.entries({ dir: 'event' }).last()).toContainText('已暂停转发');
    await desk.expectCounter('rx', { bytes: 24 });
    await desk.page.getByTestId('relay-pause').click();
    await client.process.waitForStdout('hello through the relay\nfrom the relay\nheld back\n');
    await desk.expectCounter('rx', { bytes: 34 });

    await shootBothLanguages(appHost, desk, 'relay-tcp', {
      sizes: [{ width: 1100, height: 720 }, { width: 760, height: 720 }],
      check: async ({ language }) => {
        // One pair, its row in the list with its bytes, both legs in the log, the counters per leg.
        await expect(desk.status).toContainText(language === 'zh' ? '1 对连接' : '1 pair');
        await expect(desk.clientRow(key)).toBeInViewport();
        await expect.poll(() => desk.clientBytes(key), { message: 'the pair’s bytes: 34 from the client, 34 echoed + 15 injected to it' }).toEqual({ in: 34, out: 34 + 15 });
        await expect(toServer.last()).toContainText('held back');
        await expect(toServer.last()).toBeInViewport();
        await expect(desk.counter('rx')).toContainText(language === 'zh' ? '客户端→服务器' : 'C→S');
      },
    });

    // Close: every pair goes, and the client with it.
    await desk.close();
    await expect(desk.entries({ dir: 'event' }).last()).toContainText(/连接对已关闭：转发已关闭|Pair closed: the relay was closed/);
  });

  test('UDP: each client gets its replies back through its own mapping; the rows say the legs in both languages', async ({ appHost, desk, peers }) => {
    const echo = await peers.socatUdpEcho();
    const port = await freePort('udp');
    await desk.switchLanguage('zh');
    await openRelay(desk, 'udp', port, echo);
    const [alice, bob] = [await peers.udpPeer(), await peers.udpPeer()];
    await alice.send('alice here', port);
    await bob.send('bob here', port);
    await expect.poll(() => alice.received.map((d) => d.data.toString())).toEqual(['alice here']);
    await expect.poll(() => bob.received.map((d) => d.data.toString())).toEqual(['bob here']);
    expect(alice.received[0]!.from).toBe(`127.0.0.1:${port}`);

    await expect(header(desk.entries({ dir: 'rx', peer: alice.address }))).toContainText('客户端 → 服务器');
    await expect(header(desk.entries({ dir: 'tx', peer: bob.address }))).toContainText('服务器 → 客户端');
    await expect(desk.status).toContainText('2 个映射');
    await desk.expectCounter('rx', { bytes: 18, frames: 2 });
    await desk.expectCounter('tx', { bytes: 18, frames: 2 });
    await desk.switchLanguage('en');
    await expect(header(desk.entries({ dir: 'tx', peer: bob.address }))).toContainText('server → client');
    await expect(desk.status).toContainText('2 mappings');
    await shootBothLanguages(appHost, desk, 'relay-udp', {
      check: async ({ language }) => {
        // Two mappings, one per client, each with its leg there and back in the log.
        await expect(desk.status).toContainText(language === 'zh' ? '2 个映射' : '2 mappings');
        for (const [peer, text] of [
          [alice.address, 'alice here'],
          [bob.address, 'bob here'],
        ] as const) {
          await expect(desk.clientRow(peer)).toBeInViewport();
          for (const dir of ['rx', 'tx'] as const) await expect(desk.entries({ dir, peer }).locator('.log-data')).toHaveText(text);
        }
        await desk.expectCounter('rx', { bytes: 18, frames: 2 });
      },
    });
  });

  test('says what went wrong in both languages: a server that does not resolve, a port in use, a server that refuses', async ({ desk, peers }) => {
    const port = await freePort('tcp');
    await desk.switchLanguage('en');
    await desk.chooseProtocol('relay');
    await desk.setLocal('127.0.0.1', port);
    await desk.setRemote('no-such-host.invalid', 9);
    await desk.openToggle.click();
    await expect(desk.error).toContainText('Host "no-such-host.invalid" not found');
    await desk.switchLanguage('zh');
    await expect(desk.error).toContainText('no-such-host.invalid');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    const held = await peers.holdTcpPort();
    await desk.setLocal('127.0.0.1', held.port);
    await desk.setRemote('127.0.0.1', await freePort('tcp'));
    await desk.openToggle.click();
    await expect(desk.error).toContainText(`端口 ${held.port}`);
    await desk.switchLanguage('en');
    await expect(desk.error).toContainText(`Port ${held.port} is already in use`);

    // The server refuses: the relay opens (the server may come later), the client is reset, and the row says why.
    const closedPort = await freePort('tcp');
    await desk.setLocal('127.0.0.1', port);
    await desk.setRemote('127.0.0.1', closedPort);
    await desk.open();
    const client = await peers.tcpClient(port);
    await expect.poll(() => client.isClosed).toBe(true);
    await expect(desk.entries({ dir: 'event', peer: `127.0.0.1:${client.localPort}` }).nth(1)).toContainText(`The server 127.0.0.1:${closedPort} refused the connection; the client was reset (RST)`);
    await desk.switchLanguage('zh');
    await expect(desk.entries({ dir: 'event', peer: `127.0.0.1:${client.localPort}` }).nth(1)).toContainText(`服务器 127.0.0.1:${closedPort} 拒绝了连接；已复位客户端（RST）`);
  });
});
