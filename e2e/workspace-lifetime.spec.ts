import { readFile } from 'node:fs/promises';
import { Desk } from './desk';
import { expect, test } from './fixtures';
import { endpointKey } from './peers/node-peers';
import { freePort } from './peers/ports';
import { waitForTcpDrained } from './peers/socket-stats';
import { LinkControl } from './link-control';
import { pollUntil } from './peers/wait';

/**
 * Issue 7: the engine outlives the page. A reload re-attaches to the same engine; a second page takes the
 * workspace over; the workspace file brings the tabs back when the host itself restarts.
 */

test('a page reload keeps a TCP server and its connected client, both ways', async ({ desk, peers }) => {
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();

  const client = await peers.tcpClient(port);
  const key = endpointKey('127.0.0.1', client.localPort);
  await expect.poll(() => desk.clientOptions()).toEqual([key]);
  client.write('before reload');
  await expect(desk.entries({ dir: 'rx', peer: key })).toHaveText(/before reload/);
  await desk.sendTo(key);
  await desk.send('hello node');
  await expect.poll(() => client.received.toString('latin1')).toBe('hello node');

  await desk.page.reload();

  // Same server, same client, same counters.
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  await expect(desk.activeTab).toHaveAttribute('data-state', 'open');
  await expect.poll(() => desk.clientOptions()).toEqual([key]);
  await expect(desk.status).toContainText('1 connection');
  await desk.expectCounter('rx', { bytes: 13, frames: 1 });
  await desk.expectCounter('tx', { bytes: 10, frames: 1 });
  expect(client.sawEnd, 'the external client saw no FIN').toBe(false);
  expect(client.isClosed, 'the external client saw no close').toBe(false);

  // Both ways still work.
  client.write('after reload');
  await expect(desk.entries({ dir: 'rx', peer: key }).last()).toHaveText(/after reload/);
  await desk.sendTo(key);
  await desk.send('welcome back');
  await expect.poll(() => client.received.toString('latin1')).toBe('hello nodewelcome back');
  await desk.expectCounter('rx', { bytes: 13 + 12, frames: 2 });
  await desk.expectCounter('tx', { bytes: 10 + 12, frames: 2 });
  expect(client.sawEnd).toBe(false);
});

test('a dropped link: the page says it is reconnecting, comes back by itself, and shows what it missed as one gap', async ({ appHost, desk, peers }) => {
  test.skip(!appHost.url, 'browser host only: the Electron host has no WebSocket to drop');
  const link = await LinkControl.install(desk.page);
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  const client = await peers.tcpClient(port);
  const key = endpointKey('127.0.0.1', client.localPort);
  client.write('first');
  await expect(desk.entries({ dir: 'rx', peer: key })).toHaveText(/first/);

  await link.drop();
  const banner = desk.page.getByTestId('host-banner');
  await expect(banner).toHaveAttribute('data-link', 'reconnecting');
  await expect(desk.openToggle).toBeDisabled();

  // No page is attached now: the engine reads these (its receive queue empties) and can show them to nobody.
  client.write('while away');
  await waitForTcpDrained(port, client.localPort);

  await link.restore();
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  await expect(desk.openToggle).toBeEnabled();
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  // Counted exactly, and on screen as one "not displayed" marker rather than silently missing.
  await desk.expectCounter('rx', { bytes: 5 + 10, frames: 2 });
  await expect(desk.gaps).toHaveCount(1);
  await expect(desk.gaps).toContainText(/\b1 frames?\b/);
  await expect(desk.gaps).toContainText(/\b10 bytes\b/);
  expect(client.isClosed, 'the client never noticed').toBe(false);
  client.write('back');
  await expect(desk.entries({ dir: 'rx', peer: key }).last()).toHaveText(/back/);
  await desk.expectCounter('rx', { bytes: 5 + 10 + 4, frames: 3 });
});

test('tabs come back after the host restarts: in order, named, with their settings; the open-at-start tab is open', async ({ appHost, desk, peers }) => {
  test.skip(!appHost.restartHost, 'browser host only: the fixture restarts the browser host process');
  const [udpPort, serverPort, remotePort] = [await freePort('udp'), await freePort('tcp'), await freePort('tcp')];

  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', udpPort);
  await desk.showReceivedAs('hex');
  await desk.renameTab(0, 'Sensor feed');

  await desk.newTab('tcp-server');
  await desk.setLocal('127.0.0.1', serverPort);
  await desk.renameTab(1, 'PLC server');
  await desk.setOpenAtStart('PLC server', true);

  await desk.newTab('tcp-client');
  await desk.setRemote('127.0.0.1', remotePort);
  await desk.typeSendAs('hex');
  await desk.renameTab(2, 'Echo client');

  await desk.switchTo('PLC server');
  const ids = await desk.tabIds();
  const names = ['Sensor feed', 'PLC server', 'Echo client'];

  // The workspace is saved after a short quiet period: wait until the file on disk says all of the above.
  await pollUntil('the workspace file to hold the three tabs', async () => {
    const file = JSON.parse(await readFile(appHost.settingsFile, 'utf8')) as SavedWorkspace;
    const ok =
      file.version === 2 &&
      JSON.stringify(file.tabs.map((tab) => [tab.id, tab.title, tab.protocol, tab.openAtStart])) ===
        JSON.stringify([
          [ids[0], names[0], 'udp', false],
          [ids[1], names[1], 'tcp-server', true],
          [ids[2], names[2], 'tcp-client', false],
        ]) &&
      file.activeTabId === ids[1] &&
      file.tabs[2]?.remotePort === String(remotePort);
    return ok ? true : undefined;
  });

  // A new host process (new token, new port), the same settings directory; the page opens its new address.
  const url = await appHost.restartHost!();
  await desk.page.goto(url);

  await expect.poll(() => desk.tabIds()).toEqual(ids);
  expect(await desk.tabLabels()).toEqual(names);
  await expect(desk.tab(0)).toHaveAttribute('data-protocol', 'udp');
  await expect(desk.tab(1)).toHaveAttribute('data-protocol', 'tcp-server');
  await expect(desk.tab(2)).toHaveAttribute('data-protocol', 'tcp-client');
  await desk.expectActive(ids[1]!);

  // "Open at start": the server tab reopened its socket by itself, and it really listens.
  await expect(desk.tab(1)).toHaveAttribute('data-state', 'open');
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  await expect(desk.page.getByTestId('local-port')).toHaveValue(String(serverPort));
  const client = await peers.tcpClient(serverPort);
  await expect.poll(() => desk.clientOptions()).toEqual([endpointKey('127.0.0.1', client.localPort)]);
  await expect((await desk.tabMenu('PLC server')).getByTestId('tab-open-at-start')).toBeChecked();
  await desk.page.keyboard.press('Escape');

  // The others came back closed, with what was typed in them.
  await expect(desk.tab(0)).toHaveAttribute('data-state', 'closed');
  await expect(desk.tab(2)).toHaveAttribute('data-state', 'closed');
  await desk.switchTo('Sensor feed');
  await expect(desk.page.getByTestId('protocol')).toHaveValue('udp');
  await expect(desk.page.getByTestId('local-port')).toHaveValue(String(udpPort));
  await expect(desk.page.getByTestId('recv-hex')).toBeChecked();
  await desk.switchTo('Echo client');
  await expect(desk.page.getByTestId('protocol')).toHaveValue('tcp-client');
  await expect(desk.page.getByTestId('remote-host')).toHaveValue('127.0.0.1');
  await expect(desk.page.getByTestId('remote-port')).toHaveValue(String(remotePort));
  await expect(desk.page.getByTestId('send-hex')).toBeChecked();
});

test('take-over: a second page takes the workspace; the first takes it back', async ({ appHost, desk, peers }) => {
  test.skip(!appHost.url, 'browser host only: the Electron app has one window');
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  const peer = await peers.udpPeer();

  const second = new Desk(await desk.page.context().newPage());
  await second.page.goto(appHost.url!);
  const [firstBanner, secondBanner] = [desk.page.getByTestId('host-banner'), second.page.getByTestId('host-banner')];

  // The second page has the live session and the traffic; the first says why it shows nothing more.
  await expect(second.openToggle).toHaveAttribute('data-state', 'open');
  await expect(second.page.getByTestId('local-port')).toHaveValue(String(port));
  await expect(firstBanner).toHaveAttribute('data-link', 'taken-over');
  await expect(firstBanner).toContainText('Another SocketDesk page has taken over this workspace');
  await expect(desk.openToggle).toBeDisabled();
  await expect(secondBanner).toHaveCount(0);
  await peer.send('to the second page', port);
  await expect(second.entries({ dir: 'rx', peer: peer.address })).toHaveText(/to the second page/);

  // Take it back: now the second page is the one that was taken over.
  await desk.page.getByTestId('take-back').click();
  await expect(firstBanner).toHaveCount(0);
  await expect(desk.openToggle).toBeEnabled();
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  await expect(secondBanner).toHaveAttribute('data-link', 'taken-over');
  await expect(secondBanner).toContainText('Another SocketDesk page has taken over this workspace');
  await expect(second.page.getByTestId('take-back')).toBeVisible();
  await expect(second.openToggle).toBeDisabled();

  await peer.send('back to the first', port);
  await expect(desk.entries({ dir: 'rx', peer: peer.address }).last()).toHaveText(/back to the first/);
  await desk.expectCounter('rx', { bytes: 18 + 17, frames: 2 });
  // The page that lost it stays passive: its log did not get the new datagram.
  await expect(second.entries({ dir: 'rx' })).toHaveCount(1);
  await second.page.close();
});

/** The parts of the workspace file (version 2) this spec reads. */
interface SavedWorkspace {
  readonly version: number;
  readonly activeTabId: string;
  readonly tabs: ReadonlyArray<{ id: string; title: string; protocol: string; openAtStart: boolean; remotePort: string }>;
}
