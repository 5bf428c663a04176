import { expect, type Locator, type Page } from '@playwright/test';

export type AutoReplyPreset = 'echo' | 'hello' | 'upper' | 'timestamp' | 'chat';

/**
 * What a user does in a tab's 自动应答 strip and its rule editor (issue 10), through their test ids. Kept apart from
 * desk.ts so the auto-reply stories read in their own words.
 */
export class AutoReplyDesk {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByTestId('auto-reply');
  }
  get summary(): Locator {
    return this.page.getByTestId('auto-reply-summary');
  }
  get rules(): Locator {
    return this.page.getByTestId('auto-reply-rule');
  }
  get editor(): Locator {
    return this.page.getByTestId('rule-editor');
  }
  get editorError(): Locator {
    return this.page.getByTestId('rule-editor-error');
  }
  get preview(): Locator {
    return this.page.getByTestId('rule-preview');
  }

  rule(name: string): Locator {
    return this.rules.and(this.page.locator(`[data-name="${name}"]`));
  }

  /** Unfolds the strip (its tools and the list of rules) if it is folded. */
  async unfold(): Promise<void> {
    const toggle = this.page.getByTestId('auto-reply-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async addPreset(preset: AutoReplyPreset): Promise<void> {
    await this.unfold();
    await this.page.getByTestId('auto-reply-presets').click();
    await this.page.getByTestId(`auto-reply-preset-${preset}`).click();
  }

  /** The preset's menu entry, to check whether it is offered (and why not). */
  async presetEntry(preset: AutoReplyPreset): Promise<Locator> {
    await this.unfold();
    const entry = this.page.getByTestId(`auto-reply-preset-${preset}`);
    if (!(await entry.isVisible())) await this.page.getByTestId('auto-reply-presets').click();
    return entry;
  }

  async startNewRule(): Promise<void> {
    await this.unfold();
    await this.page.getByTestId('auto-reply-add').click();
    await expect(this.editor).toBeVisible();
  }

  async regexRule(name: string, source: string, reply: string): Promise<void> {
    await this.page.getByTestId('rule-name').fill(name);
    await this.page.getByTestId('rule-match-kind').selectOption('regex');
    await this.page.getByTestId('rule-regex').fill(source);
    await this.page.getByTestId('rule-reply').fill(reply);
  }

  async trySample(text: string): Promise<void> {
    await this.page.getByTestId('rule-sample').fill(text);
  }

  async save(): Promise<void> {
    await this.page.getByTestId('rule-save').click();
  }

  async cancel(): Promise<void> {
    await this.page.getByTestId('rule-cancel').click();
    await expect(this.editor).toBeHidden();
  }

  /** The hit count a rule's row shows. */
  async hitsOf(name: string): Promise<number> {
    return Number(await this.rule(name).getAttribute('data-hits'));
  }
}
