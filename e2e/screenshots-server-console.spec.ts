import { expect, test, type PeerKit } from './fixtures';
import { measureConsole } from './console-layout';
import type { Desk } from './desk';
import type { TcpClientPeer } from './peers/node-peers';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

// The TCP server console (issue 8) pictured as a desktop user sees it: scrollbars drawn, as desktop Chromium and
// Electron draw them on Linux and Windows.
test.use({ showScrollbars: true });

/** A TCP server tab on 127.0.0.1 with `count` Node clients connected, in arrival order. */
async function serverWithClients(desk: Desk, peers: PeerKit, count: number): Promise<TcpClientPeer[]> {
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  const clients: TcpClientPeer[] = [];
  for (let i = 0; i < count; i++) {
    const client = await peers.tcpClient(port);
    await expect(desk.clientRow(client.address)).toBeVisible();
    clients.push(client);
  }
  return clients;
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 760, height: 720 },
];

test('screenshots of the TCP server console: three clients in the list and their event rows, light and dark, 中文 and English, 1280 and 760 wide', async ({ appHost, desk, peers }) => {
  // Four clients arrive; one leaves again (a disconnected row); three stay and talk.
  const [leaver, plc, scada, hmi] = await serverWithClients(desk, peers, 4);
  // It hangs up rudely (RST): a FIN alone would only mark it as finished sending (half-close).
  leaver!.reset();
  await expect(desk.clientRow(leaver!.address)).toHaveCount(0);
  plc!.write('PLC-7 status: RUN, cycle 12 ms\r\n');
  scada!.write(Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd]));
  hmi!.write('GET /status HTTP/1.0\r\n\r\n');
  await desk.expectCounter('rx', { bytes: 32 + 8 + 24, frames: 3 });
  await desk.typeSendAs('ascii');
  await desk.page.getByTestId('send-escapes').check();
  await desk.sendTo('all');
  await desk.send('OK\\r\\n');
  await expect(desk.entries({ dir: 'tx' })).toHaveCount(3);
  await desk.expectCounter('tx', { bytes: 3 * 4, frames: 3 });
  // One ticked, so the picture shows a selected row and the "ticked clients" target.
  await desk.tickClient(scada!.address);
  const stayers = [plc!, scada!, hmi!].map((client) => client.address);

  const html = desk.page.locator('html');
  const toggle = desk.page.getByTestId('theme-toggle');
  for (const theme of ['light', 'dark'] as const) {
    while ((await toggle.getAttribute('data-choice')) !== theme) await toggle.click();
    await expect(html).toHaveAttribute('data-theme', theme);
    await shootBothLanguages(appHost, desk, `server-console-${theme}`, {
      sizes: SIZES,
      check: async ({ language, size }) => {
        const at = `${theme}, ${language}, ${size.width} px`;
        await expect(desk.clientList, `client list visible (${at})`).toBeVisible();
        expect(await desk.listedClients()).toEqual(stayers);
        await expect(desk.entries({ dir: 'event' }).first()).toBeVisible();
        const layout = await measureConsole(desk);
        test.info().annotations.push({ type: `layout (${at})`, description: JSON.stringify(layout) });
        // Soft: every picture is taken even when one scene is wrong, and the test lists all that is.
        expect.soft(layout.clientListVisible).toBe(true);
        // At least two whole rows here; all three: the test below.
        expect.soft(layout.clientRowsInView, `client rows in view (${at})`).toBeGreaterThanOrEqual(2);
        expect.soft(layout.clientTableOverflowX, `the client table fits its width (${at})`).toBeLessThanOrEqual(0);
        // A settings column taller than the window draws a scrollbar that narrows its labels; that column is
        // checked by the test below.
        const cut = layout.clippedText.filter((text) => !(layout.settingsColumnOverflowY > 0 && text.startsWith('span.field-label')));
        expect.soft(cut, `text cut short (${at})`).toEqual([]);
        expect.soft(layout.outsideParent, `parts drawn outside their box (${at})`).toEqual([]);
        // At 760 px the log's filter bar (issue 9) takes two lines, so one event row fewer is in view there.
        expect.soft(layout.eventRowsInView, `event rows drawn whole in the log (${at})`).toBeGreaterThanOrEqual(size.width >= 1280 ? 3 : 2);
        expect.soft(layout.eventRowsCut, `event sentences cut (${at})`).toEqual([]);
        expect.soft(layout.pageOverflows, `the page does not scroll (${at})`).toBe(false);
        expect.soft(layout.logRowsShown, `the list leaves the log room for rows (${at})`).toBeGreaterThanOrEqual(8);
        expect.soft(layout.logHeight, `the log stays taller than the list (${at})`).toBeGreaterThan(2 * layout.clientListHeight);
        if (theme === 'dark') {
          // Dark is new (issue 8): every sampled text reads at WCAG AA (4.5:1; 3:1 for the dim row headers, hints and
          // the dimmed control escapes). The light palette's figures are in the annotations (see the report).
          for (const [name, ratio] of Object.entries(layout.contrast)) {
            const min = ['row header', 'address hint', 'rate', 'control escape'].includes(name) ? 3 : 4.5;
            expect.soft(ratio, `contrast of ${name} (${at})`).toBeGreaterThanOrEqual(min);
          }
        }
      },
    });
  }
});

// ---- Known layout defects of the console, seen in the pictures above (test.fail until the renderer is fixed) ----

test('all three clients of a server are in view without scrolling the client list (1280×720)', async ({ appHost, desk, peers }) => {
  // Defect: .client-list { max-height: 124px } (styles.css, d794918: "four rows") holds the head, the column titles
  // and 2½ rows, because a row is 28.8 px, not 20: the row's checkbox (client-select) keeps the global
  // input { min-height: 22px } and its 3 px margins. So the third client is half hidden behind a scrollbar.
  // A fix: .client-list input[type='checkbox'] { min-height: 0; margin: 0 }.
  await appHost.resize(1280, 720);
  await serverWithClients(desk, peers, 3);
  const layout = await measureConsole(desk);
  test.info().annotations.push({ type: 'layout', description: JSON.stringify(layout) });
  expect(layout.clientRowsInView).toBe(3);
});

test('a ticked client is highlighted across its whole row, the action buttons included', async ({ desk, peers }) => {
  // Once a defect (fixed in d794918): .client-actions { display: flex } was set on the <td> itself, so that cell was
  // no table cell, 10 px shorter than its row: the ticked row's highlight had a notch under the buttons.
  const [, second] = await serverWithClients(desk, peers, 2);
  await desk.tickClient(second!.address);
  const cells = await desk.clientRow(second!.address).evaluate((row) => {
    const rowBox = row.getBoundingClientRect();
    return Array.from(row.children).map((cell) => {
      const box = cell.getBoundingClientRect();
      return { display: getComputedStyle(cell).display, top: box.top - rowBox.top, bottom: rowBox.bottom - box.bottom, background: getComputedStyle(cell).backgroundColor };
    });
  });
  test.info().annotations.push({ type: 'cells', description: JSON.stringify(cells) });
  for (const cell of cells) {
    expect(cell.display).toBe('table-cell');
    expect(Math.abs(cell.top) + Math.abs(cell.bottom)).toBeLessThan(1);
  }
  expect(new Set(cells.map((cell) => cell.background)).size, 'one background across the row').toBe(1);
});

test('at 760 px the status bar still shows the whole status sentence (as it did before the rates and the theme button)', async ({ appHost, desk, peers }) => {
  // Once a defect (issue 8, fixed in d794918): the two rates and the theme button took the status sentence's room;
  // at 760 px "TCP server listening on 127.0.0.1:PORT, 3 connections" was cut to "TCP server listening on 12…".
  await serverWithClients(desk, peers, 3);
  await appHost.resize(760, 720);
  for (const language of ['en', 'zh'] as const) {
    await desk.switchLanguage(language);
    const [scrollWidth, clientWidth] = await desk.status.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect.soft(scrollWidth, `status sentence width (${language})`).toBeLessThanOrEqual(clientWidth!);
  }
});

test('the settings column scrolls when its options outgrow a 720 px window, and nothing in it is cut sideways', async ({ appHost, desk }) => {
  // Before issue 9 every protocol's column fitted 720 px (653 of 653 px). The toolkit's receive and send options
  // (encoding, framing, dump, Δt, checksum) make it taller than a 720 px window: it scrolls instead, every control
  // stays reachable, and none is wider than the column.
  for (const width of [1280, 760]) {
    await appHost.resize(width, 720);
    for (const protocol of ['udp', 'tcp-client', 'tcp-server'] as const) {
      await desk.chooseProtocol(protocol);
      const column = await desk.page.locator('.settings-column').evaluate((el) => ({
        overflowY: getComputedStyle(el).overflowY,
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
      }));
      expect.soft(['auto', 'scroll'], `the settings column of ${protocol} at ${width} px scrolls`).toContain(column.overflowY);
      expect.soft(column.scrollWidth, `nothing wider than the settings column of ${protocol} at ${width} px`).toBeLessThanOrEqual(column.clientWidth);
    }
  }
});
