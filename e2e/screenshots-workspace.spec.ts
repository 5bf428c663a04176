import { expect, test } from './fixtures';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';
import { expectTidyTabBar, measureTabBar } from './tab-bar-layout';

// The workspace, pictured as a desktop user sees it: with the scrollbars that desktop Chromium and Electron draw on
// Linux and Windows (headless Chromium hides them, and with them some layout defects of the tab strip).
test.use({ showScrollbars: true });

test('screenshots of a workspace: four tabs, one hidden with new traffic, in 中文 and English, 1280 and 760 wide', async ({ appHost, desk, peers }) => {
  const longName = 'Line 3 PLC gateway (backup link)';
  // 1: UDP talking to a socat echo; it will be hidden when traffic arrives for it.
  const echo = await peers.socatUdpEcho();
  const udpPort = await freePort('udp');
  const [udpTab] = await desk.tabIds();
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', udpPort);
  await desk.open();
  await desk.sendTo(`${echo.host}:${echo.port}`);
  await desk.send('status?');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);

  // 2: a TCP server with two clients (the tab on screen).
  const serverPort = await freePort('tcp');
  const serverTab = await desk.newTab('tcp-server');
  await desk.setLocal('127.0.0.1', serverPort);
  await desk.open();
  const first = await peers.tcpClient(serverPort);
  const second = await peers.socatClient(serverPort);
  await expect.poll(async () => (await desk.clientOptions()).length).toBe(2);
  first.write('GET /status HTTP/1.0\r\n\r\n');
  second.process.write('hello from socat\n');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);
  await desk.sendTo('all');
  await desk.send('OK\r\n');
  await expect(desk.entries({ dir: 'tx' }), 'one row per client').toHaveCount(2);

  // 3: a TCP client connected to an ncat echo server.
  const tcpEcho = await peers.ncatTcpEcho();
  await desk.newTab('tcp-client');
  await desk.setRemote(tcpEcho.host, tcpEcho.port);
  await desk.open();
  await desk.send('ping');
  await desk.expectCounter('rx', { bytes: 4 });

  // 4: a closed UDP tab with a name longer than a tab.
  await desk.newTab('udp');
  await desk.renameTab(3, longName);

  // Back on the server; then a datagram arrives for the hidden UDP tab, which marks it.
  await desk.switchTo(1);
  await desk.expectActive(serverTab);
  const peer = await peers.udpPeer();
  await peer.send('alarm: temperature high', udpPort);
  await expect(desk.tabById(udpTab!)).toHaveAttribute('data-activity', 'true');
  await expect(desk.tabs).toHaveCount(4);
  // A name cut short in the bar is still there whole in the tab's tooltip.
  await expect(desk.tab(3)).toHaveAttribute('title', new RegExp(`^${longName.replace(/[()]/g, '\\$&')}`));

  await shootBothLanguages(appHost, desk, 'workspace', {
    sizes: [
      { width: 1280, height: 720 },
      { width: 760, height: 720 },
    ],
    check: async ({ size }) => {
      await expect(desk.tabs).toHaveCount(4);
      expect(await desk.clientOptions(), 'the server tab on screen lists its two clients').toHaveLength(2);
      await expect(desk.tabById(udpTab!)).toHaveAttribute('data-activity', 'true');
      await expect(desk.tabById(udpTab!).getByTestId('tab-activity')).toBeVisible();
      const layout = await expectTidyTabBar(desk, [longName]);
      // At the reference width all four fit; narrower, the strip may scroll but must keep the active tab in view.
      if (size.width >= 1280) expect(layout.stripScrolls, 'four tabs fit at 1280 px').toBe(false);
      test.info().annotations.push({ type: `tab bar at ${size.width}px`, description: JSON.stringify(layout) });
    },
  });

  // Crowded: two more tabs than fit at 760 px. The strip scrolls sideways and keeps the new (active) tab in view.
  await desk.newTab('tcp-client');
  await desk.newTab('udp');
  await expect(desk.tabs).toHaveCount(6);
  await shootBothLanguages(appHost, desk, 'workspace-crowded', {
    sizes: [{ width: 760, height: 720 }],
    check: async () => {
      const layout = await expectTidyTabBar(desk, [longName]);
      expect(layout.stripScrolls, 'six tabs do not fit at 760 px: the strip scrolls').toBe(true);
      test.info().annotations.push({ type: 'crowded tab bar at 760px', description: JSON.stringify(layout) });
    },
  });
});

test('the tab strip scrolls sideways only: no vertical scrollbar beside the tabs', async ({ desk }) => {
  // Once a defect: tabs 1 px taller than the strip, whose `overflow-x: auto` implied `overflow-y: auto`, drew a ▲▼
  // scrollbar beside the last tab wherever scrollbars are drawn.
  await desk.newTab();
  const layout = await measureTabBar(desk);
  expect(layout.stripOverflowY, 'pixels the tab strip can scroll vertically').toBe(0);
});

test('a new tab, or one chosen from the keyboard, is scrolled into view in a crowded strip', async ({ appHost, desk }) => {
  // Once a defect: nothing scrolled the strip to the active tab, so at 760 px the 7th and later new tabs opened out
  // of sight, and Ctrl+9 / Ctrl+Shift+Tab activated tabs the user could not see.
  await appHost.resize(760, 720);
  for (let i = 0; i < 7; i++) {
    await desk.newTab();
    expect.soft((await measureTabBar(desk)).activeTabInView, `new tab ${i + 2} in view`).toBe(true);
  }
  await expect(desk.tabs).toHaveCount(8);
  expect((await measureTabBar(desk)).stripScrolls).toBe(true);
  for (const key of ['Control+1', 'Control+9', 'Control+Tab', 'Control+Shift+Tab', 'Control+Shift+Tab']) {
    await desk.page.keyboard.press(key);
    await expect.soft.poll(async () => (await measureTabBar(desk)).activeTabInView, { message: `after ${key} the active tab is in view`, timeout: 1_000 }).toBe(true);
  }
});
