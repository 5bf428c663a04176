/**
 * Geometry of a list of equal-height rows that may be far taller than a browser lets an element be.
 *
 * Chromium caps an element's height near 33.5M px (Firefox near 17.9M); a million log entries of two 16 px lines
 * are 32M px. So the list has two coordinates:
 * - content offset: px from the top of the full list (row i starts at pad + i × rowPx), any size;
 * - scroll top: the scroll container's own scrollTop, over a spacer of at most MAX_SCROLL_PX.
 * While the content fits, the two are the same. Past that the spacer stays at MAX_SCROLL_PX and the scroll range
 * maps linearly onto the content range, so the first and the last row are both reachable and the scrollbar thumb
 * still says where you are. The view keeps the content offset as the truth and drives scrollTop from it; the
 * wheel and keys move the content offset by real pixels, so only dragging the thumb feels the ratio.
 * All functions are pure; units are CSS px.
 */

/** Tallest spacer the view makes: well under every engine's cap, so no engine clamps or mis-scrolls it. */
export const MAX_SCROLL_PX = 8_000_000;

export interface RowGeometry {
  readonly rows: number;
  readonly rowPx: number;
  /** Blank px above the first row and below the last. */
  readonly padPx: number;
  /** Height of the visible area. */
  readonly viewportPx: number;
  /** Cap of the spacer; MAX_SCROLL_PX unless a test wants a small one. */
  readonly maxScrollPx?: number;
}

export function contentHeight(g: RowGeometry): number {
  return g.rows * g.rowPx + 2 * g.padPx;
}

/** Height of the spacer inside the scroll container. */
export function spacerHeight(g: RowGeometry): number {
  return Math.min(contentHeight(g), g.maxScrollPx ?? MAX_SCROLL_PX);
}

/** Largest content offset: the last row's bottom (plus pad) at the viewport's bottom. */
export function maxContentOffset(g: RowGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewportPx);
}

function maxScrollTop(g: RowGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewportPx);
}

export function clampOffset(offset: number, g: RowGeometry): number {
  return Math.min(Math.max(0, offset), maxContentOffset(g));
}

/** Content offset shown when the container is scrolled to `scrollTop`. */
export function offsetForScrollTop(scrollTop: number, g: RowGeometry): number {
  const range = maxScrollTop(g);
  if (range <= 0) return 0;
  if (contentHeight(g) === spacerHeight(g)) return clampOffset(scrollTop, g);
  return clampOffset((Math.min(Math.max(0, scrollTop), range) / range) * maxContentOffset(g), g);
}

/** scrollTop that shows content offset `offset` (whole px: what the browser will keep). */
export function scrollTopForOffset(offset: number, g: RowGeometry): number {
  const max = maxContentOffset(g);
  if (max <= 0) return 0;
  const clamped = clampOffset(offset, g);
  if (contentHeight(g) === spacerHeight(g)) return Math.round(clamped);
  // The ends map exactly, so "top" and "bottom" are pixel-true whatever the ratio.
  if (clamped >= max) return maxScrollTop(g);
  return Math.round((clamped / max) * maxScrollTop(g));
}

export interface RowWindow {
  /** First and last row index to draw (inclusive); last < first when there are no rows. */
  readonly first: number;
  readonly last: number;
  /** Where row `first` goes, relative to the top of the spacer (the scroll container's content box). */
  readonly firstTopPx: number;
}

/**
 * The rows to draw for content offset `offset` when the container's scrollTop is `scrollTop`, plus `overscan`
 * rows either side. Row i sits at scrollTop + (pad + i × rowPx − offset), so what is drawn lines up with the
 * viewport whatever the ratio.
 */
export function rowWindow(offset: number, scrollTop: number, g: RowGeometry, overscan = 0): RowWindow {
  if (g.rows === 0) return { first: 0, last: -1, firstTopPx: 0 };
  const top = offset - g.padPx;
  const first = Math.max(0, Math.floor(top / g.rowPx) - overscan);
  const last = Math.min(g.rows - 1, Math.ceil((top + g.viewportPx) / g.rowPx) - 1 + overscan);
  return { first, last, firstTopPx: scrollTop + g.padPx + first * g.rowPx - offset };
}

/** Content offset that puts row `index` at the top of the viewport. */
export function offsetOfRow(index: number, g: RowGeometry): number {
  return clampOffset(g.padPx + index * g.rowPx - (index === 0 ? g.padPx : 0), g);
}
