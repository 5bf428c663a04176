import type { BrowserContext, Page } from '@playwright/test';
import { pollUntil } from './wait';

/**
 * B11: when does a page that restores a workspace become usable? An init script (installed on the context before
 * the page navigates, so it sees the document from its first node) watches the DOM and records, in the page's clock
 * (performance.now(): ms since navigation start):
 * - `domAt`: the restored workspace is on screen and can take input: the tab bar shows every saved tab, the session
 *   panel is the saved active tab's with one of its saved fields showing its saved value, and its send box is there,
 *   neither disabled nor read-only;
 * - `interactiveAt`: after `domAt`, the next animation frame ran and then a task posted from it: the frame showing
 *   the workspace has been produced and the main thread came back to its event loop, where a key press would be
 *   handled. This is B11's figure;
 * - `sessionsAt`: the tab bar shows the "open at start" tabs open (their sockets are bound; information).
 * Long tasks (buffered PerformanceObserver) are kept for the breakdown. Plain script text: the Node-side tsconfig
 * has no DOM types.
 */

export interface StartupExpectation {
  readonly tabs: number;
  readonly activeTabId: string;
  /** A field of the active tab's panel (data-testid) and the value the workspace file gave it. */
  readonly field: { readonly testId: string; readonly value: string };
  /** How many tabs open their socket at start. */
  readonly openTabs: number;
}

/** What the probe logs once `interactiveAt` is set: the bench waits for it instead of polling the busy page. */
const INTERACTIVE_MESSAGE = 'socketdesk-bench: interactive';

export async function installStartupProbe(context: BrowserContext, want: StartupExpectation): Promise<void> {
  await context.addInitScript(`(() => {
    if (window.top !== window) return;
    const want = ${JSON.stringify(want)};
    const r = { domAt: -1, interactiveAt: -1, sessionsAt: -1, longTasks: [] };
    window.__benchStartup = r;
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) r.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {}
    const ready = () => {
      if (document.querySelectorAll('[data-testid="tab"]').length !== want.tabs) return false;
      const panel = document.querySelector('[data-testid="session-panel"]');
      if (!panel || panel.getAttribute('data-tab-id') !== want.activeTabId) return false;
      const field = panel.querySelector('[data-testid="' + want.field.testId + '"]');
      if (!field || field.value !== want.field.value) return false;
      const box = panel.querySelector('[data-testid="send-input"]');
      return !!box && !box.disabled && !box.readOnly;
    };
    const open = () => document.querySelectorAll('[data-testid="tab"][data-state="open"]').length >= want.openTabs;
    const check = () => {
      const now = performance.now();
      if (r.domAt < 0 && ready()) {
        r.domAt = now;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { r.interactiveAt = performance.now(); console.debug(${JSON.stringify(INTERACTIVE_MESSAGE)}); };
          channel.port2.postMessage(0);
        });
      }
      if (r.sessionsAt < 0 && open()) r.sessionsAt = now;
      return r.domAt >= 0 && r.sessionsAt >= 0;
    };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  })()`);
}

/** One load as the page saw it: the probe's times and the browser's own timing entries, ms since navigation start. */
export interface StartupTimes {
  readonly domAt: number;
  readonly interactiveAt: number;
  /** -1 if the sessions had not opened when read. */
  readonly sessionsAt: number;
  readonly responseEnd: number;
  readonly domContentLoaded: number;
  readonly firstContentfulPaint: number;
  /** The entry script (/assets/*.js): requested, and fully received. */
  readonly scriptRequest: number;
  readonly scriptEnd: number;
  /** performance.mark()s the app set, by name. */
  readonly marks: Record<string, number>;
  /** Long tasks that started before `interactiveAt`. */
  readonly longTasks: { start: number; duration: number }[];
}

const probe = `window.__benchStartup`;

/**
 * Resolves (≤ 15 s) once the probe says `interactiveAt` is set. Call it before navigating: it listens for the probe's
 * console message rather than asking the page every few ms, which would put the bench's own tasks on the main
 * thread it measures.
 */
export async function whenInteractive(page: Page): Promise<void> {
  await page.waitForEvent('console', { predicate: (message) => message.text() === INTERACTIVE_MESSAGE, timeout: 15_000 });
}

/** After `whenInteractive`: waits a little (≤ 3 s) for the sessions to open, and reads the times. */
export async function readStartup(page: Page): Promise<StartupTimes> {
  await pollUntil('the open-at-start tabs to open', () => page.evaluate<true | undefined>(`${probe}.sessionsAt >= 0 || undefined`), 3_000, 20).catch(() => undefined);
  return page.evaluate<StartupTimes>(`(() => {
    const r = ${probe};
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const script = performance.getEntriesByType('resource').filter((e) => /\\/assets\\/[^/]+\\.js$/.test(new URL(e.name).pathname)).sort((a, b) => a.startTime - b.startTime)[0];
    const marks = {};
    for (const m of performance.getEntriesByType('mark')) marks[m.name] = m.startTime;
    return {
      domAt: r.domAt,
      interactiveAt: r.interactiveAt,
      sessionsAt: r.sessionsAt,
      responseEnd: nav ? nav.responseEnd : -1,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : -1,
      firstContentfulPaint: fcp ? fcp.startTime : -1,
      scriptRequest: script ? script.requestStart : -1,
      scriptEnd: script ? script.responseEnd : -1,
      marks,
      longTasks: r.longTasks.filter((t) => t.start < r.interactiveAt),
    };
  })()`);
}
