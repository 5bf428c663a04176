import { expect, type Locator, type Page } from '@playwright/test';

export type Protocol = 'udp' | 'tcp-client' | 'tcp-server';
export type Direction = 'rx' | 'tx';
export type Language = 'zh' | 'en';

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

  /** Log entries, optionally only one direction and/or one peer ("ip:port"). */
  entries(filter: { dir?: Direction; peer?: string } = {}): Locator {
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

  /** Server: the "ip:port" values offered in 连接对象, without "all". */
  async clientOptions(): Promise<string[]> {
    const values = await this.sendTarget.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    return values.filter((value) => value !== 'all').sort();
  }
}

/** Fills an input, or picks the option of a select, whichever the control is. */
async function setValue(control: Locator, value: string): Promise<void> {
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
}
