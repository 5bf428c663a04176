import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

test.describe('UDP', () => {
  test('says hello to a socat echo peer, sees the reply, and counts every byte', async ({ desk, peers }) => {
    const echo = await peers.socatUdpEcho();
    const echoAddress = `${echo.host}:${echo.port}`;

    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', await freePort('udp'));
    await desk.open();

    await desk.typeSendAs('ascii');
    await desk.showReceivedAs('ascii');
    await desk.sendTo(echoAddress);
    await desk.send('hello');

    await expect(desk.entries({ dir: 'tx', peer: echoAddress })).toHaveCount(1);
    await expect(desk.entries({ dir: 'tx' }).first()).toContainText('hello');
    const reply = desk.entries({ dir: 'rx', peer: echoAddress });
    await expect(reply).toHaveCount(1);
    await expect(reply).toContainText('hello');

    await desk.expectCounter('tx', { bytes: 5, frames: 1 });
    await desk.expectCounter('rx', { bytes: 5, frames: 1 });

    await desk.resetCounters();
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
    await desk.expectCounter('rx', { bytes: 0, frames: 0 });

    await desk.close();
  });

  test('shows a datagram from a Node peer with the peer it came from, and can answer it', async ({ desk, peers }) => {
    const localPort = await freePort('udp');
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', localPort);
    await desk.open();

    const peer = await peers.udpPeer();
    await peer.send('ping from node', localPort);

    const received = desk.entries({ dir: 'rx', peer: peer.address });
    await expect(received).toHaveCount(1);
    await expect(received).toContainText('ping from node');
    await desk.expectCounter('rx', { bytes: 14, frames: 1 });
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });

    await desk.sendTo(peer.address);
    await desk.send('pong');
    await expect.poll(() => peer.received.map((d) => `${d.from} ${d.data.toString('latin1')}`)).toEqual([`127.0.0.1:${localPort} pong`]);
    await desk.expectCounter('tx', { bytes: 4, frames: 1 });

    // Ctrl+Enter in the send box sends too (DESIGN §4).
    await desk.page.getByTestId('send-input').fill('again');
    await desk.page.getByTestId('send-input').press('Control+Enter');
    await expect.poll(() => peer.received.map((d) => d.data.toString('latin1'))).toEqual(['pong', 'again']);
    await desk.expectCounter('tx', { bytes: 9, frames: 2 });
  });

  test('talks over IPv6 loopback, writing the peer as [::1]:port', async ({ desk, peers }) => {
    const localPort = await freePort('udp', '::1');
    await desk.chooseProtocol('udp');
    await desk.setLocal('::1', localPort);
    await desk.open();

    const peer = await peers.udpPeer('::1');
    await peer.send('over six', localPort);
    await expect(desk.entries({ dir: 'rx', peer: peer.address })).toContainText('over six');

    await desk.sendTo(peer.address);
    await desk.send('back');
    await expect.poll(() => peer.received.map((d) => `${d.from} ${d.data.toString('latin1')}`)).toEqual([`[::1]:${localPort} back`]);
    await expect(desk.entries({ dir: 'tx', peer: peer.address })).toContainText('back');
  });

  test('counts two hundred datagrams one by one', async ({ desk, peers }) => {
    const localPort = await freePort('udp');
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', localPort);
    await desk.open();

    const peer = await peers.udpPeer();
    for (let i = 0; i < 200; i++) await peer.send(`datagram ${String(i).padStart(3, '0')}`, localPort);

    // 12 bytes each; loopback does not drop 200 small datagrams sent one after another.
    await desk.expectCounter('rx', { bytes: 200 * 12, frames: 200 });
    // Auto-scroll (on by default) keeps the newest entry in view.
    await expect(desk.entries({ dir: 'rx', peer: peer.address }).last()).toContainText('datagram 199');
    await expect(desk.entries({ dir: 'rx', peer: peer.address }).last()).toBeInViewport();
  });
});

// Issue 7: the engine outlives the page. A reload re-attaches to the same engine, so the socket, its port and its
// counters are still there, and it still receives.
test('reloading the page keeps its sockets: still open on the same port, still receiving and counting', async ({ desk, peers }) => {
  const localPort = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', localPort);
  await desk.open();
  const peer = await peers.udpPeer();
  await peer.send('before', localPort);
  await desk.expectCounter('rx', { bytes: 6, frames: 1 });

  await desk.page.reload();

  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  await expect(desk.page.getByTestId('local-port')).toHaveValue(String(localPort));
  await expect(desk.activeTab).toHaveAttribute('data-state', 'open');
  await expect(desk.activeTab).toContainText(`:${localPort}`);
  // The counters were kept by the engine across the reload.
  await desk.expectCounter('rx', { bytes: 6, frames: 1 });

  await peer.send('after reload', localPort);
  await expect(desk.entries({ dir: 'rx', peer: peer.address }).last()).toContainText('after reload');
  await desk.expectCounter('rx', { bytes: 6 + 12, frames: 2 });

  // And it still answers from the same port.
  await desk.sendTo(peer.address);
  await desk.send('still me');
  await expect.poll(() => peer.received.map((d) => `${d.from} ${d.data.toString('latin1')}`)).toEqual([`127.0.0.1:${localPort} still me`]);
});
