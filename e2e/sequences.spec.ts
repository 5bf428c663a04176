import { readFile } from 'node:fs/promises';
import type { Download, Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Desk, Language } from './desk';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

/**
 * 测试序列 (issue 10) as a user builds and runs one: a send / expect pair repeated against a socat UDP echo passes
 * with its latencies measured, the same against a silent Node peer fails at the expect with the step named, in
 * both languages; the exported JSON says what the summary says; the list comes back after a reload, and a run
 * going on in the engine is shown (and stopped) by the reloaded page.
 */

const WORDS = {
  en: {
    passed: /^Passed: passed 3 · failed 0 · 6 steps · /,
    latency: /^latency min [\d.]+ \/ median [\d.]+ \/ max [\d.]+ ms$/,
    failed: /^Failed: passed 0 · failed 1 · 2 steps · /,
    timeout: 'Step 2: no matching message within 300 ms',
    badRegex: /^Step 2: invalid regular expression: /,
    mark: 'sequence Echo',
    running: /^Running: step 1/,
    stopped: /^Stopped: /,
  },
  zh: {
    passed: /^全部通过：通过 3 · 失败 0 · 共 6 步 · 用时 /,
    latency: /^延迟 最小 [\d.]+ \/ 中位 [\d.]+ \/ 最大 [\d.]+ 毫秒$/,
    failed: /^失败：通过 0 · 失败 1 · 共 2 步 · 用时 /,
    timeout: '第 2 步：等待 300 毫秒未收到匹配的消息',
    badRegex: /^第 2 步：正则表达式无效：/,
    mark: '测试序列 Echo',
    running: /^运行中：第 1 步/,
    stopped: /^已停止：/,
  },
} as const;

async function openUdp(desk: Desk): Promise<void> {
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();
}

/** The sequence panel and what a user does in it. */
class SequenceUi {
  constructor(private readonly desk: Desk) {}

  get panel(): Locator {
    return this.desk.page.getByTestId('sequence-panel');
  }
  get steps(): Locator {
    return this.panel.getByTestId('sequence-step');
  }
  step(index: number): Locator {
    return this.steps.nth(index);
  }
  get summary(): Locator {
    return this.panel.getByTestId('sequence-summary');
  }
  get error(): Locator {
    return this.panel.getByTestId('sequence-error');
  }

  async unfold(): Promise<void> {
    const toggle = this.panel.getByTestId('sequence-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async name(name: string): Promise<void> {
    await this.panel.getByTestId('sequence-name').fill(name);
  }

  async addSend(text: string): Promise<void> {
    await this.panel.getByTestId('sequence-add-send').click();
    await this.steps.last().getByTestId('sequence-send-text').fill(text);
  }

  async addExpectContains(pattern: string, timeoutMs: number): Promise<void> {
    await this.panel.getByTestId('sequence-add-expect').click();
    const row = this.steps.last();
    await row.getByTestId('sequence-expect-kind').selectOption('contains');
    await row.getByTestId('sequence-expect-pattern').fill(pattern);
    await row.getByTestId('sequence-expect-timeout').fill(String(timeoutMs));
    await row.getByTestId('sequence-expect-same-peer').check();
  }

  /** + Repeat goes first and wraps every step so far. */
  async repeatAll(count: number): Promise<void> {
    await this.panel.getByTestId('sequence-add-repeat').click();
    await this.step(0).getByTestId('sequence-repeat-count').fill(String(count));
  }

  async run(): Promise<void> {
    await this.panel.getByTestId('sequence-run').click();
  }

  async exportJson(): Promise<SequenceReport> {
    const [file] = (await Promise.all([this.desk.page.waitForEvent('download'), this.panel.getByTestId('sequence-export').click()])) as [Download, unknown];
    expect(file.suggestedFilename()).toMatch(/^socketdesk-sequence-Echo-\d{8}-\d{6}\.json$/);
    return JSON.parse(await readFile(await file.path(), 'utf8')) as SequenceReport;
  }
}

interface SequenceReport {
  readonly format: string;
  readonly version: number;
  readonly session: { readonly protocol: string };
  readonly sequence: { readonly name: string; readonly steps: ReadonlyArray<{ readonly kind: string }> } | null;
  readonly summary: {
    readonly outcome: string;
    readonly passed: number;
    readonly failed: number;
    readonly stepsRun: number;
    readonly totalMs: number;
    readonly latency: { readonly count: number; readonly minMs: number; readonly medianMs: number; readonly maxMs: number } | null;
    readonly firstFailure?: { readonly index: number; readonly failure: { readonly kind: string; readonly timeoutMs?: number } };
    readonly steps: ReadonlyArray<{ readonly index: number; readonly status: string; readonly runs: number; readonly latencyMs?: number }>;
  };
}

/** The page's rounding of a latency (sequence-sentences.ts formatMs). */
const shown = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(1) : String(Math.round(ms)));

test.describe('sequences (issue 10)', () => {
  for (const language of ['en', 'zh'] as const satisfies readonly Language[]) {
    test(`${language}: a repeated send / expect passes against a UDP echo, with latencies; the export matches the summary`, async ({ desk, peers }) => {
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const echo = await peers.socatUdpEcho();
      await openUdp(desk);
      await desk.sendTo(`${echo.host}:${echo.port}`);
      const ui = new SequenceUi(desk);
      await ui.unfold();
      await ui.name('Echo');
      await ui.addSend('ping {{counter format=dec}}');
      await ui.addExpectContains('ping', 2000);
      await ui.repeatAll(3);
      await expect(ui.steps).toHaveCount(3);
      await expect(ui.error).toHaveCount(0);

      await ui.run();
      await expect(ui.summary).toHaveAttribute('data-outcome', 'passed', { timeout: 10_000 });
      await expect(ui.summary.getByTestId('sequence-summary-counts')).toHaveText(words.passed);
      await expect(ui.summary.getByTestId('sequence-summary-latency')).toHaveText(words.latency);
      await expect(ui.step(2)).toHaveAttribute('data-status', 'passed');
      await expect(ui.step(2).getByTestId('sequence-step-result')).toContainText('✓3 ');
      // The sends went out as the echo got them, counter per send, marked with the sequence's name in the log.
      await expect(desk.entries({ dir: 'rx' })).toHaveCount(3);
      await expect(desk.entries({ dir: 'tx' }).first()).toContainText(words.mark);
      await expect(desk.entries({ dir: 'rx' }).last()).toContainText('ping 3');

      const report = await ui.exportJson();
      expect(report).toMatchObject({ format: 'socketdesk-sequence-report', version: 1, session: { protocol: 'udp' }, sequence: { name: 'Echo' } });
      expect(report.sequence!.steps.map((s) => s.kind)).toEqual(['repeat', 'send', 'expect']);
      const { summary } = report;
      expect(summary).toMatchObject({ outcome: 'passed', passed: 3, failed: 0, stepsRun: 6 });
      expect(summary.latency!.count).toBe(3);
      const latencyText = ui.summary.getByTestId('sequence-summary-latency');
      for (const ms of [summary.latency!.minMs, summary.latency!.medianMs, summary.latency!.maxMs]) await expect(latencyText).toContainText(` ${shown(ms)} `);
      await expect(ui.step(2).getByTestId('sequence-step-result')).toContainText(shown(summary.steps[2]!.latencyMs!));
      expect(summary.latency!.maxMs).toBeLessThan(2000);
    });

    test(`${language}: the same against a silent peer fails at the expect, naming the step; a bad regex is refused before running`, async ({ desk, peers }) => {
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const silent = await peers.udpPeer();
      await openUdp(desk);
      await desk.sendTo(silent.address);
      const ui = new SequenceUi(desk);
      await ui.unfold();
      await ui.name('Echo');
      await ui.addSend('anyone?');
      await ui.addExpectContains('yes', 300);
      await ui.run();
      await expect(ui.summary).toHaveAttribute('data-outcome', 'failed', { timeout: 10_000 });
      await expect(ui.summary.getByTestId('sequence-summary-counts')).toHaveText(words.failed);
      await expect(ui.summary.getByTestId('sequence-failure')).toHaveText(words.timeout);
      await expect(ui.step(0)).toHaveAttribute('data-status', 'passed');
      await expect(ui.step(1)).toHaveAttribute('data-status', 'failed');
      await expect.poll(() => silent.received.map((d) => d.data.toString())).toEqual(['anyone?']);
      const report = await ui.exportJson();
      expect(report.summary).toMatchObject({ outcome: 'failed', passed: 0, failed: 1, latency: null, firstFailure: { index: 1, failure: { kind: 'timeout', timeoutMs: 300 } } });

      // A regex that does not compile: named by step before anything is sent.
      await ui.step(1).getByTestId('sequence-expect-kind').selectOption('regex');
      await ui.step(1).getByTestId('sequence-expect-pattern').fill('a(b');
      await expect(ui.error).toHaveText(words.badRegex);
      await expect(ui.step(1)).toHaveClass(/is-invalid/);
      await ui.run();
      await expect(ui.error).toHaveText(words.badRegex);
      await expect(desk.entries({ dir: 'tx' })).toHaveCount(1);
    });
  }

  test('the list comes back after a reload; a run going on in the engine is shown by the reloaded page and stops there', async ({ desk, peers }) => {
    const words = WORDS.en;
    const echo = await peers.socatUdpEcho();
    await openUdp(desk);
    await desk.sendTo(`${echo.host}:${echo.port}`);
    const ui = new SequenceUi(desk);
    await ui.unfold();
    await ui.name('Echo');
    await desk.page.getByTestId('sequence-add-wait').click();
    await ui.step(0).getByTestId('sequence-wait-ms').fill('60000');
    await ui.addSend('after the wait');
    await ui.run();
    await expect(desk.page.getByTestId('sequence-status')).toHaveText(words.running);
    await expect(ui.step(0)).toHaveAttribute('aria-current', 'step');

    await desk.page.reload();
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    await expect(desk.page.getByTestId('sequence-status')).toHaveText(words.running);
    await ui.unfold();
    await expect(ui.steps).toHaveCount(2);
    await expect(ui.step(0).getByTestId('sequence-wait-ms')).toHaveValue('60000');
    await expect(ui.step(0)).toHaveAttribute('aria-current', 'step');
    await desk.page.getByTestId('sequence-stop').click();
    await expect(ui.summary).toHaveAttribute('data-outcome', 'stopped');
    await expect(ui.summary.getByTestId('sequence-summary-counts')).toHaveText(words.stopped);
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(0);
  });

  test('screenshots of a sequence with results, in 中文 and English, wide and narrow', async ({ appHost, desk, peers }) => {
    const echo = await peers.socatUdpEcho();
    await openUdp(desk);
    await desk.sendTo(`${echo.host}:${echo.port}`);
    const ui = new SequenceUi(desk);
    await ui.unfold();
    await ui.name('Echo');
    await ui.addSend('ping {{counter format=dec}}');
    await ui.addExpectContains('ping', 2000);
    await desk.page.getByTestId('sequence-add-wait').click();
    await ui.step(2).getByTestId('sequence-wait-ms').fill('10');
    await ui.addExpectContains('never', 200);
    await ui.repeatAll(3);
    await ui.step(0).getByTestId('sequence-repeat-steps').fill('3');
    await desk.page.getByTestId('sequence-continue').check();
    await ui.run();
    await expect(ui.summary).toHaveAttribute('data-outcome', 'failed', { timeout: 10_000 });
    await shootBothLanguages(appHost, desk, 'sequence', {
      check: async () => {
        // The run's outcome on screen, and its five steps: the repeat, then send, expect, wait, expect.
        await expect(ui.summary).toHaveAttribute('data-outcome', 'failed');
        await expect(ui.summary).toBeInViewport();
        await expect(ui.steps).toHaveCount(5);
        // Nothing of the panel is cut sideways: every row fits the work column.
        for (const row of await ui.steps.all()) {
          const box = await row.boundingBox();
          const panel = await ui.panel.boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 1);
        }
      },
    });

    // A run going: the wait step highlighted, the header counting.
    await ui.step(3).getByTestId('sequence-wait-ms').fill('60000');
    await ui.run();
    await expect(ui.step(3)).toHaveAttribute('aria-current', 'step');
    await shootBothLanguages(appHost, desk, 'sequence-running', {
      sizes: [{ width: 760, height: 720 }],
      check: async () => {
        // Running, on its wait step, with its Stop button on screen.
        await expect(ui.step(3)).toHaveAttribute('aria-current', 'step');
        await expect(ui.step(3)).toBeInViewport();
        await expect(desk.page.getByTestId('sequence-stop')).toBeInViewport();
      },
    });
    await desk.page.getByTestId('sequence-stop').click();
    await expect(ui.summary).toHaveAttribute('data-outcome', 'stopped');
  });
});
