import { expect, test } from './fixtures';
import { endpointKey } from './peers/node-peers';
import { boundBy, boundOn } from './peers/process-sockets';
import { freePort } from './peers/ports';

/**
 * Issue 11, faults survived: the browser host restarted while a page is open. The host process goes (a crash, a
 * restart under a supervisor) and comes back on the same port with the same token (SOCKETDESK_TOKEN) and the same
 * data directory. The page says the host went away, in both languages; reconnects by itself once it is back; says
 * the host restarted and reopens the sessions its tabs had open, each exactly once: the new host binds each port
 * once, and holds no socket the tabs do not show.
 */
test('the host restarts under an open page: it says so, reconnects by itself and reopens its two sessions once each', async ({ appHost, desk, peers }) => {
  test.skip(!appHost.restartHost, 'browser host only: under Electron the engine lives in the app and cannot restart alone');
  const [udpPort, tcpPort] = [await freePort('udp'), await freePort('tcp')];
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', udpPort);
  await desk.open();
  await desk.newTab('tcp-server');
  await desk.setLocal('127.0.0.1', tcpPort);
  await desk.open();
  const hostPort = Number(new URL(appHost.url ?? '').port);
  const expectedSockets = [`tcp 127.0.0.1:${hostPort}`, `tcp 127.0.0.1:${tcpPort}`, `udp 127.0.0.1:${udpPort}`].sort();
  const firstPid = appHost.hostPid!;
  const before = await boundBy(firstPid);
  expect(before, 'what the first host holds').toEqual(expectedSockets);

  await appHost.stopHost!();
  const banner = desk.page.getByTestId('host-banner');
  await expect(banner).toHaveAttribute('data-link', 'reconnecting');
  await expect(banner).toHaveText('Connection to the SocketDesk host lost — reconnecting…');
  await desk.switchLanguage('zh');
  await expect(banner).toHaveText('与 SocketDesk 主机的连接已断开，正在重新连接…');
  await desk.switchLanguage('en');
  await expect(desk.openToggle, 'nothing can be opened while the host is away').toBeDisabled();

  const oldUrl = appHost.url;
  const newUrl = await appHost.restartHost!({ samePort: true, sameToken: true });
  expect(newUrl, 'same port, same token: the page’s own address').toBe(oldUrl);
  // The transport retries with back-off (at most 5 s ±20 %), hence the longer wait.
  await expect(banner).toHaveCount(0, { timeout: 15_000 });

  // The page says what happened, and both tabs are open again on their ports.
  const notice = desk.page.getByTestId('host-restarted');
  await expect(notice).toHaveText('The SocketDesk host was restarted: its sessions had ended, and the 2 that were open here were opened again.');
  await desk.switchLanguage('zh');
  await expect(notice).toHaveText('SocketDesk 主机已重新启动：原有会话已结束，本页面打开的 2 个会话已重新打开。');
  await desk.switchLanguage('en');
  await expect(desk.tab(0)).toHaveAttribute('data-state', 'open');
  await expect(desk.tab(1)).toHaveAttribute('data-state', 'open');
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');

  // No duplicate: each port is bound once, by the new host, which holds nothing else but its own listener.
  const secondPid = appHost.hostPid!;
  expect(secondPid).not.toBe(firstPid);
  expect((await boundOn(udpPort)).map((socket) => socket.pids)).toEqual([[secondPid]]);
  expect((await boundOn(tcpPort)).map((socket) => socket.pids)).toEqual([[secondPid]]);
  expect(await boundBy(secondPid), 'what the restarted host holds').toEqual(expectedSockets);

  // And they work: the UDP tab receives, the server tab accepts.
  const client = await peers.tcpClient(tcpPort);
  await expect.poll(() => desk.clientOptions()).toEqual([endpointKey('127.0.0.1', client.localPort)]);
  const peer = await peers.udpPeer();
  await peer.send('after the restart', udpPort);
  await desk.switchTo(0);
  await expect(desk.entries({ dir: 'rx' }).last()).toContainText('after the restart');

  // The notice goes when the user has read it.
  await desk.page.getByTestId('host-restarted-dismiss').click();
  await expect(notice).toHaveCount(0);

  // A reload attaches to the same sessions: still one socket per port.
  await desk.page.reload();
  await expect(desk.tab(0)).toHaveAttribute('data-state', 'open');
  await expect(desk.tab(1)).toHaveAttribute('data-state', 'open');
  await expect(notice).toHaveCount(0);
  expect(await boundBy(secondPid), 'after a reload').toEqual(expectedSockets);
  console.info(`[fault: host restart] bound by the first host (pid ${firstPid}): ${before.join(', ')}; by the restarted one (pid ${secondPid}) after reopen and after a reload: the same, each port once`);
});
