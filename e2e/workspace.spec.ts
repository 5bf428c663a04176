import { expect, test } from './fixtures';
import { endpointKey } from './peers/node-peers';
import { freePort } from './peers/ports';
import { udpSocketStats, waitForUdpDrained } from './peers/socket-stats';
import { pollUntil } from './peers/wait';

/**
 * The workspace (issue 7, DESIGN §4b): several sessions in one window, one tab each. Only the active tab's panel is
 * on the page; hidden tabs keep receiving and counting, and say so with an activity mark.
 */
test.describe('tabs in one window', () => {
  test('a TCP server tab and a TCP client tab talk to each other, each counting exactly', async ({ desk }) => {
    const port = await freePort('tcp');
    const server = endpointKey('127.0.0.1', port);
    const [serverTab] = await desk.tabIds();
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', port);
    await desk.open();

    const clientTab = await desk.newTab('tcp-client');
    await desk.setRemote('127.0.0.1', port);
    await desk.open();
    await desk.send('hello server');
    await expect(desk.entries({ dir: 'tx', peer: server })).toHaveText(/hello server/);

    // The server tab is hidden, and something arrived for it.
    await expect(desk.tabById(serverTab!)).toHaveAttribute('data-activity', 'true');
    await expect(desk.tabById(serverTab!)).toHaveAttribute('data-state', 'open');

    await desk.switchTo(0);
    await expect(desk.tabById(serverTab!), 'looking at a tab clears its mark').toHaveAttribute('data-activity', 'false');
    await expect.poll(() => desk.clientOptions()).toHaveLength(1);
    const [client] = await desk.clientOptions();
    // The server's log: the client's arrival (an event row, issue 8), then what it said.
    await expect(desk.entries({ dir: 'event', peer: client! })).toHaveText([/Client connected/]);
    await expect(desk.entries({ dir: 'rx', peer: client! })).toHaveText(/hello server/);
    await desk.sendTo(client!);
    await desk.send('hello client');
    await expect(desk.entries({ dir: 'tx', peer: client! })).toHaveText(/hello client/);
    await desk.expectCounter('rx', { bytes: 12, frames: 1 });
    await desk.expectCounter('tx', { bytes: 12, frames: 1 });

    await desk.switchTo(1);
    await desk.expectActive(clientTab);
    // The client tab's own end of the connection is the one the server listed.
    await expect(desk.status).toContainText(`(local ${client})`);
    await expect(desk.entries({ dir: 'rx', peer: server })).toHaveText(/hello client/);
    await desk.expectCounter('tx', { bytes: 12, frames: 1 });
    await desk.expectCounter('rx', { bytes: 12, frames: 1 });
    // Its log: the "Connected" event row (issue 8; not traffic, so not counted), one send and one receive.
    await expect(desk.entries()).toHaveCount(3);
    await expect(desk.entries({ dir: 'event', peer: server })).toHaveText([/Connected/]);
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(1);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
  });

  test('a hidden UDP tab counts 10 000 datagrams from an external peer exactly', async ({ desk, peers }) => {
    test.setTimeout(60_000);
    const localPort = await freePort('udp');
    const [udpTab] = await desk.tabIds();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', localPort);
    await desk.open();
    await desk.newTab('tcp-client');

    const peer = await peers.udpPeer();
    const total = 10_000;
    const burst = 100;
    const payload = Buffer.alloc(24, 'hidden-tab');
    // Paced by the reader, not the clock: after each burst of 100 (about 100 KiB of kernel accounting, half the
    // default 208 KiB receive buffer, so a burst cannot overflow it even if the engine read nothing meanwhile)
    // wait until the engine's socket has an empty receive queue. 100 bursts, each wait bounded.
    const deadline = Date.now() + 40_000;
    for (let sent = 0; sent < total; ) {
      expect(Date.now(), 'the whole send stays within its time bound').toBeLessThan(deadline);
      for (const end = sent + burst; sent < end; sent++) await peer.send(payload, localPort);
      await waitForUdpDrained(localPort);
    }
    const dropped = (await udpSocketStats(localPort))?.drops ?? Number.NaN;
    test.info().annotations.push({ type: 'kernel drops on the app socket', description: String(dropped) });

    // Still hidden, and it says something arrived.
    await expect(desk.tabById(udpTab!)).toHaveAttribute('data-active', 'false');
    await expect(desk.tabById(udpTab!)).toHaveAttribute('data-activity', 'true');

    await desk.switchTo(0);
    // What the kernel delivered, exactly (it drops nothing when paced like this; if it ever does, /proc says how many).
    const delivered = total - dropped;
    await desk.expectCounter('rx', { bytes: delivered * payload.length, frames: delivered });
    expect(dropped, 'datagrams the kernel dropped for the app socket').toBe(0);

    // The hidden tab's log kept up too: rows shown plus rows a marker says were not displayed add up.
    const accounted = async (): Promise<number> => {
      const shown = Number(((await desk.page.getByText(/^[\d,\s]+ entries$/).textContent()) ?? '').replace(/\D/g, ''));
      const gaps = await desk.gaps.allTextContents();
      return shown + gaps.reduce((sum, text) => sum + Number(/([\d,\s]+) frames/.exec(text)?.[1]?.replace(/\D/g, '') ?? 0), 0);
    };
    await expect.poll(accounted, { message: 'log entries + frames marked not displayed' }).toBe(delivered);
  });

  test('tab operations: new, rename, duplicate, drag to reorder, × closes the socket, keyboard switching', async ({ desk, peers }) => {
    const page = desk.page;
    const port = await freePort('udp');
    await expect(desk.tabs).toHaveCount(1);
    const [first] = await desk.tabIds();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', port);
    await expect(desk.tab(0)).toHaveAttribute('data-protocol', 'udp');
    await expect(desk.tab(0)).toContainText(`:${port}`);

    // + makes a tab after the active one and shows it.
    const server = await desk.newTab('tcp-server');
    await expect(desk.tabById(server)).toHaveAttribute('data-protocol', 'tcp-server');
    expect(await desk.tabIds()).toEqual([first, server]);

    // Ctrl+T does the same: headless Chromium hands the key to the page (a desktop Chromium window may keep it
    // for itself; the + button is the way there). The new tab takes the active tab's protocol.
    const beforeCtrlT = await desk.tabIds();
    await page.keyboard.press('Control+t');
    const third = await desk.waitForNewTab(beforeCtrlT);
    await expect(desk.tabById(third)).toHaveAttribute('data-protocol', 'tcp-server');
    expect(await desk.tabIds()).toEqual([first, server, third]);

    // Rename by double-click: Enter keeps the name; Escape leaves it as it was.
    await desk.renameTab(0, 'Sensor feed');
    await expect(desk.tabById(first!)).toContainText('Sensor feed');
    await desk.tab('Sensor feed').dblclick({ position: { x: 12, y: 12 } });
    await page.getByTestId('tab-rename').fill('not this');
    await page.getByTestId('tab-rename').press('Escape');
    await expect(desk.tabById(first!)).toContainText('Sensor feed');
    await expect(page.getByTestId('tab-rename')).toHaveCount(0);

    // Duplicate from the menu: a new tab right after it, same settings, its own (closed) socket.
    const copy = await desk.duplicateTab('Sensor feed');
    expect(await desk.tabIds()).toEqual([first, copy, server, third]);
    await expect(desk.tabById(copy)).toContainText('Sensor feed (2)');
    await expect(desk.tabById(copy)).toHaveAttribute('data-protocol', 'udp');
    await expect(page.getByTestId('local-port')).toHaveValue(String(port));
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    // Drag the original onto the server tab: it takes that place.
    await desk.dragTab('Sensor feed', 2);
    expect(await desk.tabIds()).toEqual([copy, server, first, third]);

    // The original opens the port; its copy cannot while it does…
    await desk.switchTo('Sensor feed');
    await desk.open();
    await desk.switchTo('Sensor feed (2)');
    await desk.openToggle.click();
    await expect(desk.error).toContainText('already in use');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    // …until × closes the original tab, and its socket with it: now the copy opens the same port.
    await expect(desk.tabById(first!)).toHaveAttribute('data-state', 'open');
    await desk.closeTab('Sensor feed');
    expect(await desk.tabIds()).toEqual([copy, server, third]);
    await desk.open();
    // And it is really listening there.
    const peer = await peers.udpPeer();
    await peer.send('to the copy', port);
    await expect(desk.entries({ dir: 'rx', peer: peer.address })).toHaveText(/to the copy/);

    // Keyboard: Ctrl+1…8 a position, Ctrl+9 the last, Ctrl+Tab / Ctrl+Shift+Tab next / previous, wrapping.
    await page.keyboard.press('Control+2');
    await desk.expectActive(server);
    await page.keyboard.press('Control+Tab');
    await desk.expectActive(third);
    await page.keyboard.press('Control+Tab');
    await desk.expectActive(copy);
    await page.keyboard.press('Control+Shift+Tab');
    await desk.expectActive(third);
    await page.keyboard.press('Control+1');
    await desk.expectActive(copy);
    await page.keyboard.press('Control+9');
    await desk.expectActive(third);

    // Ctrl+W closes the active tab (the copy's socket goes with it when it is the one closed).
    await page.keyboard.press('Control+1');
    await desk.expectActive(copy);
    await page.keyboard.press('Control+w');
    await expect(desk.tabById(copy)).toHaveCount(0);
    expect(await desk.tabIds()).toEqual([server, third]);
    // The port is free again: something else can bind it.
    await pollUntil(`UDP port ${port} to be released`, async () => ((await udpSocketStats(port)) === undefined ? true : undefined));

    // Closing the last tab leaves a fresh one, never an empty window.
    await desk.closeTab(0);
    await desk.closeTab(0);
    await expect(desk.tabs).toHaveCount(1);
    await expect(desk.openToggle).toBeVisible();
  });
});
