import { expect, type Locator, type Page } from '@playwright/test';

export type Protocol = 'udp' | 'tcp-client' | 'tcp-server' | 'relay';
export type Direction = 'rx' | 'tx';
/** A log row's kind: traffic one way or the other, or a session event (client connected, refused, …). */
export type RowKind = Direction | 'event';
export type Language = 'zh' | 'en';
/** A tab: its position in the bar (0-based), or the text it shows. */
export type TabRef = number | string;

/**
 * What a user does at the SocketDesk window, in their words, through the stable test ids of DESIGN §4.
 * Specs call these so they read like a story; every wait here is on DOM state, never a sleep.
 */
export class Desk {
  constructor(readonly page: Page) {}

  get openToggle(): Locator {
    return this.page.getByTestId('open-toggle');
  }
  get status(): Locator {
    return this.page.getByTestId('status');
  }
  get error(): Locator {
    return this.page.getByTestId('error');
  }
  get sendTarget(): Locator {
    return this.page.getByTestId('send-target');
  }
  get log(): Locator {
    return this.page.getByTestId('log');
  }

  /** Log entries, optionally only one direction (or the event rows) and/or one peer ("ip:port"). */
  entries(filter: { dir?: RowKind; peer?: string } = {}): Locator {
    let selector = '[data-testid="log-entry"]';
    if (filter.dir) selector += `[data-dir="${filter.dir}"]`;
    if (filter.peer) selector += `[data-peer="${filter.peer}"]`;
    return this.log.locator(selector);
  }

  counter(which: 'tx' | 'rx'): Locator {
    return this.page.getByTestId(`counter-${which}`);
  }

  /** Waits until a counter shows exactly these totals. */
  async expectCounter(which: 'tx' | 'rx', totals: { bytes: number; frames?: number }): Promise<void> {
    await expect(this.counter(which)).toHaveAttribute('data-bytes', String(totals.bytes));
    if (totals.frames !== undefined) await expect(this.counter(which)).toHaveAttribute('data-frames', String(totals.frames));
  }

  async chooseProtocol(protocol: Protocol): Promise<void> {
    await this.page.getByTestId('protocol').selectOption(protocol);
  }

  async setLocal(address: string, port: number | string): Promise<void> {
    await setValue(this.page.getByTestId('local-address'), address);
    await setValue(this.page.getByTestId('local-port'), String(port));
  }

  async setRemote(host: string, port: number | string): Promise<void> {
    await setValue(this.page.getByTestId('remote-host'), host);
    await setValue(this.page.getByTestId('remote-port'), String(port));
  }

  /** Clicks 打开/连接 and waits for the session to be open. */
  async open(): Promise<void> {
    await expect(this.openToggle).toHaveAttribute('data-state', 'closed');
    await this.openToggle.click();
    await expect(this.openToggle).toHaveAttribute('data-state', 'open');
  }

  /** Clicks 关闭/断开 and waits for the session to be closed. */
  async close(): Promise<void> {
    await expect(this.openToggle).toHaveAttribute('data-state', 'open');
    await this.openToggle.click();
    await expect(this.openToggle).toHaveAttribute('data-state', 'closed');
  }

  async showReceivedAs(mode: 'ascii' | 'hex'): Promise<void> {
    await this.page.getByTestId(`recv-${mode}`).click();
  }

  async typeSendAs(mode: 'ascii' | 'hex'): Promise<void> {
    await this.page.getByTestId(`send-${mode}`).click();
  }

  /** UDP: the remote "ip:port" typed into 远程主机; TCP server: the client chosen ("ip:port" or "all"). */
  async sendTo(target: string): Promise<void> {
    await setValue(this.sendTarget, target);
  }

  /** Types into the send box and presses 发送. */
  async send(text: string): Promise<void> {
    await this.page.getByTestId('send-input').fill(text);
    await this.page.getByTestId('send-button').click();
  }

  /** 循环周期: types the period, checks the box, and presses 发送 with `text`; waits until it runs. */
  async startRepeating(text: string, periodMs: number): Promise<void> {
    await this.page.getByTestId('repeat-period').fill(String(periodMs));
    await this.page.getByTestId('repeat-enabled').check();
    await this.send(text);
    await expect(this.page.getByTestId('send-button')).toHaveAttribute('data-state', 'repeating');
  }

  /** Presses 停止 and waits until the cyclic send has stopped; returns the sends the engine reported. */
  async stopRepeating(): Promise<number> {
    await this.page.getByTestId('send-button').click();
    await expect(this.page.getByTestId('send-button')).toHaveAttribute('data-state', 'idle');
    const count = this.page.getByTestId('repeat-count');
    await expect(count).toHaveAttribute('data-running', 'false');
    // The button shows the stop at once; the engine's exact count (sends in flight included) follows.
    await expect(count).toHaveAttribute('data-final', 'true');
    return Number(await count.getAttribute('data-sent'));
  }

  /** 接收保存到文件: types the host path and checks the box. */
  async captureTo(path: string): Promise<void> {
    await this.page.getByTestId('capture-path').fill(path);
    await this.page.getByTestId('capture-enabled').check();
  }

  /** 打开文件数据源: types the host path and presses 发送文件. */
  async sendFile(path: string): Promise<void> {
    await this.page.getByTestId('sendfile-path').fill(path);
    await this.page.getByTestId('sendfile-button').click();
  }

  async resetCounters(): Promise<void> {
    await this.page.getByTestId('counter-reset').click();
  }

  /**
   * The 中文 / English switch: a button labelled with the language it switches to. Does nothing when the UI
   * already speaks `language` (the page's <html lang> says which).
   */
  async switchLanguage(language: Language): Promise<void> {
    const html = this.page.locator('html');
    const wanted = language === 'zh' ? /^zh/ : /^en/;
    if (wanted.test((await html.getAttribute('lang')) ?? '')) return;
    await this.page.getByRole('button', { name: language === 'zh' ? '中文' : 'English', exact: true }).click();
    await expect(html).toHaveAttribute('lang', wanted);
  }

  // ---------- tabs (the workspace: one tab per session, only the active tab's panel is on the page) ----------

  /** Every tab in the bar, in bar order. */
  get tabs(): Locator {
    return this.page.getByTestId('tab');
  }

  get activeTab(): Locator {
    return this.page.locator('[data-testid="tab"][data-active="true"]');
  }

  /** The active tab's panel (every session control is inside it). */
  get panel(): Locator {
    return this.page.getByTestId('session-panel');
  }

  /**
   * One tab: by position in the bar (0-based), or by what it shows — its name or its automatic label ("UDP :8080").
   * A position follows the bar (a drag changes which tab it is); use `tabById` for one tab whatever its place.
   */
  tab(which: TabRef): Locator {
    if (typeof which === 'number') return this.tabs.nth(which);
    return this.tabs.filter({ has: this.page.getByText(which, { exact: true }) });
  }

  tabById(id: string): Locator {
    return this.page.locator(`[data-testid="tab"][data-tab-id="${id}"]`);
  }

  /** The tabs' ids in bar order. */
  async tabIds(): Promise<string[]> {
    return this.tabs.evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-tab-id') ?? ''));
  }

  /** What each tab shows, in bar order (its name, or its protocol and endpoint). */
  async tabLabels(): Promise<string[]> {
    return (await this.tabs.allInnerTexts()).map((text) => text.replace(/×\s*$/, '').trim());
  }

  /** Presses the + button; waits until the new tab is there and active; chooses `protocol` in it. Returns its id. */
  async newTab(protocol?: Protocol): Promise<string> {
    const before = await this.tabIds();
    await this.page.getByTestId('tab-new').click();
    const id = await this.waitForNewTab(before);
    if (protocol) await this.chooseProtocol(protocol);
    return id;
  }

  /** After an action that adds a tab: waits until a tab not in `before` is there and is the active one. */
  async waitForNewTab(before: readonly string[]): Promise<string> {
    await expect(this.tabs).toHaveCount(before.length + 1);
    const id = (await this.tabIds()).find((candidate) => !before.includes(candidate)) ?? '';
    await this.expectActive(id);
    return id;
  }

  /** Clicks a tab and waits until its panel is the one shown. */
  async switchTo(which: TabRef): Promise<void> {
    const tab = this.tab(which);
    const id = (await tab.getAttribute('data-tab-id')) ?? '';
    // Near its left edge (the state light), never on its × button.
    await tab.click({ position: { x: 12, y: 12 } });
    await this.expectActive(id);
  }

  /** Waits until the tab with this id is active and its panel is on the page. */
  async expectActive(id: string): Promise<void> {
    await expect(this.tabById(id)).toHaveAttribute('data-active', 'true');
    await expect(this.panel).toHaveAttribute('data-tab-id', id);
  }

  /** Clicks the tab's × and waits until it has left the bar (closing a tab also closes its socket). */
  async closeTab(which: TabRef): Promise<void> {
    const tab = this.tab(which);
    const id = (await tab.getAttribute('data-tab-id')) ?? '';
    await tab.getByTestId('tab-close').click();
    await expect(this.tabById(id)).toHaveCount(0);
  }

  /** Double-clicks the tab, types the name and presses Enter. */
  async renameTab(which: TabRef, name: string): Promise<void> {
    const tab = this.tab(which);
    const id = (await tab.getAttribute('data-tab-id')) ?? '';
    await tab.dblclick({ position: { x: 12, y: 12 } });
    const input = this.tabById(id).getByTestId('tab-rename');
    await input.fill(name);
    await input.press('Enter');
    await expect(this.tabById(id).getByTestId('tab-rename')).toHaveCount(0);
    await expect(this.tabById(id)).toContainText(name);
  }

  /** Right-clicks the tab; returns its menu. */
  async tabMenu(which: TabRef): Promise<Locator> {
    await this.tab(which).click({ button: 'right', position: { x: 12, y: 12 } });
    const menu = this.page.getByTestId('tab-menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  /** 复制 from the tab's menu; waits for the copy, which becomes the active tab. Returns its id. */
  async duplicateTab(which: TabRef): Promise<string> {
    const before = await this.tabIds();
    await (await this.tabMenu(which)).getByTestId('tab-duplicate').click();
    return this.waitForNewTab(before);
  }

  /** Ticks or clears "open at start" in the tab's menu, then closes the menu. */
  async setOpenAtStart(which: TabRef, on: boolean): Promise<void> {
    const menu = await this.tabMenu(which);
    const box = menu.getByTestId('tab-open-at-start');
    await box.setChecked(on);
    await expect(box).toBeChecked({ checked: on });
    await this.page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
  }

  /** Drags a tab onto another one: it takes that tab's place. */
  async dragTab(which: TabRef, onto: TabRef): Promise<void> {
    await this.tab(which).dragTo(this.tab(onto));
  }

  /** The log's "N frames not displayed" markers. */
  get gaps(): Locator {
    return this.log.getByTestId('log-gap');
  }

  /** Server: the "ip:port" values offered in 连接对象, without "all" (and without "selected", the ticked clients). */
  async clientOptions(): Promise<string[]> {
    const values = await this.sendTarget.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    return values.filter((value) => value !== 'all' && value !== 'selected').sort();
  }

  // ---------- the TCP server console (issue 8): event rows, the client list, max clients ----------

  /** The log toolbar's "N entries" (the rows of the log, or of the filtered view). */
  get logCount(): Locator {
    return this.page.locator('.log-toolbar .log-count');
  }

  /**
   * The sentences of the log's event rows, each with its peer, in log order ("⚑ " dropped). The log draws only the
   * rows in view, so this fails when the log holds more rows than are drawn (give the window more height).
   */
  async eventRows(): Promise<Array<{ peer: string; text: string }>> {
    const total = Number(((await this.logCount.textContent()) ?? '').replace(/\D/g, ''));
    const drawn = await this.entries().count();
    if (drawn < total) throw new Error(`eventRows: the log holds ${total} rows but draws ${drawn}; make the window taller`);
    return this.entries({ dir: 'event' }).evaluateAll((rows) =>
      rows
        .map((row) => ({
          index: Number(row.getAttribute('data-index')),
          peer: row.getAttribute('data-peer') ?? '',
          text: (row.querySelector('.log-data')?.textContent ?? '').replace(/^⚑\s*/, '').trim(),
        }))
        .sort((a, b) => a.index - b.index)
        .map(({ peer, text }) => ({ peer, text })),
    );
  }

  /** The client list under the log (only while a TCP server tab is open). */
  get clientList(): Locator {
    return this.page.getByTestId('client-list');
  }

  /** One client's row in the list, by its "ip:port". */
  clientRow(peer: string): Locator {
    return this.clientList.locator(`[data-testid="client-row"][data-peer="${peer}"]`);
  }

  /** The clients the list shows, in list order. */
  async listedClients(): Promise<string[]> {
    return this.clientList.getByTestId('client-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-peer') ?? ''));
  }

  /** A client's bytes in (received from it) and out (sent to it), exact, from its row. */
  async clientBytes(peer: string): Promise<{ in: number; out: number }> {
    const [inBytes, outBytes] = await this.clientRow(peer)
      .locator('td[data-bytes]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-bytes'))));
    return { in: inBytes ?? Number.NaN, out: outBytes ?? Number.NaN };
  }

  /** Ticks (or clears) a client's box: 发送 then goes to the ticked clients. */
  async tickClient(peer: string, on = true): Promise<void> {
    await this.clientRow(peer).getByTestId('client-select').setChecked(on);
    await expect(this.clientRow(peer)).toHaveAttribute('data-selected', String(on));
  }

  /** 只看它: the log shows only this client's rows; the toolbar says so. */
  async filterLogTo(peer: string): Promise<void> {
    await this.clientRow(peer).getByTestId('client-filter').click();
    await expect(this.page.getByTestId('log-filter')).toHaveAttribute('data-peer', peer);
  }

  /** 踢出 in the client's own row. */
  async kick(peer: string): Promise<void> {
    await this.clientRow(peer).getByTestId('client-kick').click();
  }

  /** TCP server form: 最大连接数 (empty = no limit). */
  async setMaxClients(value: number | string): Promise<void> {
    await this.page.getByTestId('max-clients').fill(String(value));
  }
}

/** Fills an input, or picks the option of a select, whichever the control is. */
async function setValue(control: Locator, value: string): Promise<void> {
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
}
