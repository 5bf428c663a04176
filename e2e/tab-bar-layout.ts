import { expect } from '@playwright/test';
import type { Desk } from './desk';

/** How the tab bar is laid out right now, measured in the page. */
export interface TabBarLayout {
  readonly windowWidth: number;
  /** Distinct tops of the tabs: 1 when they are on one row (the bar does not wrap). */
  readonly rows: number;
  /** The strip holds more than it shows and scrolls sideways. */
  readonly stripScrolls: boolean;
  readonly stripOverflowX: string;
  /** Pixels the strip can scroll up and down (a vertical scrollbar beside the tabs where scrollbars are drawn). */
  readonly stripOverflowY: number;
  /** Tabs not entirely inside the strip's visible width (expected only when it scrolls). */
  readonly tabsOutOfView: readonly string[];
  readonly activeTabInView: boolean;
  /** Parts of a tab (state light, label, activity mark, ×) drawn outside the tab's own box. */
  readonly partsOutsideTab: readonly string[];
  /** Labels cut short (with an ellipsis), by their full text. */
  readonly truncatedLabels: readonly string[];
  /** The + button is inside the window. */
  readonly newButtonInView: boolean;
  /** The page is wider than the window (a horizontal scrollbar on the whole app). */
  readonly pageOverflows: boolean;
}

/** Measures the tab bar: every tab by its test id, its parts by what they are. */
export async function measureTabBar(desk: Desk): Promise<TabBarLayout> {
  return desk.page.evaluate(() => {
    const inside = (inner: DOMRect, outer: DOMRect): boolean =>
      inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
    // Tabs hang 1 px below the strip on purpose (over the bar's bottom border): only sideways counts there.
    const insideSideways = (inner: DOMRect, outer: DOMRect): boolean => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;
    const tabs = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="tab"]'));
    const strip = tabs[0]?.parentElement;
    if (!strip) throw new Error('no tab strip');
    const stripBox = strip.getBoundingClientRect();
    const name = (tab: HTMLElement): string => (tab.querySelector('.tab-label')?.textContent ?? tab.textContent ?? '').trim();
    const partsOutsideTab: string[] = [];
    const truncatedLabels: string[] = [];
    for (const tab of tabs) {
      const box = tab.getBoundingClientRect();
      for (const part of Array.from(tab.children)) {
        if (!inside(part.getBoundingClientRect(), box)) partsOutsideTab.push(`${name(tab)}: ${part.className}`);
      }
      const label = tab.querySelector<HTMLElement>('.tab-label');
      if (label && label.scrollWidth > label.clientWidth) truncatedLabels.push(name(tab));
    }
    const active = tabs.find((tab) => tab.dataset.active === 'true');
    const newButton = document.querySelector('[data-testid="tab-new"]')?.getBoundingClientRect();
    return {
      windowWidth: window.innerWidth,
      rows: new Set(tabs.map((tab) => Math.round(tab.getBoundingClientRect().top))).size,
      stripScrolls: strip.scrollWidth > strip.clientWidth,
      stripOverflowX: getComputedStyle(strip).overflowX,
      stripOverflowY: getComputedStyle(strip).overflowY === 'hidden' ? 0 : strip.scrollHeight - strip.clientHeight,
      tabsOutOfView: tabs.filter((tab) => !insideSideways(tab.getBoundingClientRect(), stripBox)).map(name),
      activeTabInView: active ? insideSideways(active.getBoundingClientRect(), stripBox) : false,
      partsOutsideTab,
      truncatedLabels,
      newButtonInView: newButton ? newButton.left >= 0 && newButton.right <= window.innerWidth : false,
      pageOverflows: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

/**
 * A tidy tab bar: one row; every tab whole inside the strip, or the strip scrolls and the active tab is in view;
 * nothing of a tab drawn outside its box; only the labels in `mayTruncate` (names longer than a tab) cut short;
 * the + button on screen; no sideways scrolling of the whole page. (That the strip does not scroll vertically is
 * its own expected-to-fail test in screenshots-workspace.spec.ts until the renderer is fixed.)
 */
export async function expectTidyTabBar(desk: Desk, mayTruncate: readonly string[] = []): Promise<TabBarLayout> {
  const layout = await measureTabBar(desk);
  const at = `at ${layout.windowWidth} px`;
  expect(layout.rows, `tabs on one row ${at}`).toBe(1);
  expect(layout.partsOutsideTab, `tab parts outside their tab ${at}`).toEqual([]);
  expect(layout.truncatedLabels.filter((label) => !mayTruncate.includes(label)), `labels cut short ${at}`).toEqual([]);
  if (layout.stripScrolls) {
    expect(['auto', 'scroll'], `a strip wider than its box scrolls ${at}`).toContain(layout.stripOverflowX);
    expect(layout.activeTabInView, `the active tab is in view ${at}`).toBe(true);
  } else {
    expect(layout.tabsOutOfView, `tabs outside the strip ${at}`).toEqual([]);
  }
  expect(layout.newButtonInView, `the + button is on screen ${at}`).toBe(true);
  expect(layout.pageOverflows, `the page does not scroll sideways ${at}`).toBe(false);
  return layout;
}
