import { describe, expect, it } from 'vitest';
import {
  contentHeight,
  MAX_SCROLL_PX,
  maxContentOffset,
  offsetForScrollTop,
  rowWindow,
  scrollTopForOffset,
  spacerHeight,
  type RowGeometry,
} from './fixed-row-viewport';

const million: RowGeometry = { rows: 1_000_000, rowPx: 32, padPx: 3, viewportPx: 533 };
const small: RowGeometry = { rows: 100, rowPx: 16, padPx: 3, viewportPx: 400 };

describe('fixed-row viewport', () => {
  it('uses the content height as is while it fits', () => {
    expect(spacerHeight(small)).toBe(contentHeight(small));
    expect(offsetForScrollTop(250, small)).toBe(250);
    expect(scrollTopForOffset(250, small)).toBe(250);
    expect(rowWindow(250, 250, small)).toEqual({ first: 15, last: 40, firstTopPx: 3 + 15 * 16 });
  });

  it('caps the spacer far below the browser limit at a million two-line rows', () => {
    expect(contentHeight(million)).toBe(32_000_006);
    expect(spacerHeight(million)).toBe(MAX_SCROLL_PX);
    expect(MAX_SCROLL_PX).toBeLessThan(17_000_000); // under Firefox's cap too, let alone Chromium's ~33.5M
  });

  it('reaches the first and the last row at the ends of the scroll range', () => {
    const maxScroll = spacerHeight(million) - million.viewportPx;
    const top = rowWindow(offsetForScrollTop(0, million), 0, million);
    expect(top.first).toBe(0);
    expect(top.firstTopPx).toBe(3);
    const offset = offsetForScrollTop(maxScroll, million);
    expect(offset).toBe(maxContentOffset(million));
    const bottom = rowWindow(offset, maxScroll, million);
    expect(bottom.last).toBe(999_999);
    // The last row's bottom edge sits pad px above the viewport's bottom edge.
    const lastTop = bottom.firstTopPx + (bottom.last - bottom.first) * million.rowPx;
    expect(lastTop + million.rowPx + million.padPx).toBeCloseTo(maxScroll + million.viewportPx, 6);
    expect(scrollTopForOffset(maxContentOffset(million), million)).toBe(maxScroll);
    expect(scrollTopForOffset(0, million)).toBe(0);
  });

  it('maps scroll top ↔ content offset monotonically and within one scroll pixel of round trip', () => {
    const ratio = maxContentOffset(million) / (spacerHeight(million) - million.viewportPx);
    let previous = -1;
    for (const scrollTop of [0, 1, 2, 1000, 123_456, 4_000_000, 7_999_466, 7_999_467]) {
      const offset = offsetForScrollTop(scrollTop, million);
      expect(offset).toBeGreaterThanOrEqual(previous);
      previous = offset;
      expect(Math.abs(offsetForScrollTop(scrollTopForOffset(offset, million), million) - offset)).toBeLessThanOrEqual(ratio);
    }
  });

  it('every row can be brought into view', () => {
    for (const row of [0, 1, 12_345, 499_999, 500_000, 999_998, 999_999]) {
      const offset = Math.min(3 + row * million.rowPx, maxContentOffset(million));
      const scrollTop = scrollTopForOffset(offset, million);
      const win = rowWindow(offset, scrollTop, million);
      expect(win.first).toBeLessThanOrEqual(row);
      expect(win.last).toBeGreaterThanOrEqual(row);
      // Drawn inside the spacer, so the browser can paint it.
      expect(win.firstTopPx).toBeGreaterThanOrEqual(0);
      expect(win.firstTopPx + (win.last - win.first + 1) * million.rowPx).toBeLessThanOrEqual(spacerHeight(million) + million.rowPx);
    }
  });

  it('adds overscan without leaving the list', () => {
    expect(rowWindow(0, 0, small, 8)).toMatchObject({ first: 0, last: 32 });
    const end = maxContentOffset(small);
    expect(rowWindow(end, end, small, 8).last).toBe(99);
    expect(rowWindow(0, 0, { ...small, rows: 0 })).toEqual({ first: 0, last: -1, firstTopPx: 0 });
  });
});
