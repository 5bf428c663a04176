/**
 * Where the window opens: the size and position it had last time, kept on a display that still exists. Plain
 * data in, plain data out, so it is tested without Electron; window-state-file.ts keeps the saved state and
 * index.ts asks Electron for the displays. Everything is in device-independent pixels, as Electron's bounds are.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is saved: the window's normal (not maximised) bounds, and whether it was maximised over them. */
export interface SavedWindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

/** How to open the window. No x / y: Electron centres it on the primary display. */
export interface WindowPlacement {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** Room for both columns of DESIGN §4 by default, and the smallest size still usable. */
export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 720 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 520 } as const;

/** Version of the saved file's shape; a file of another version is ignored (the defaults apply, the next save replaces it). */
export const WINDOW_STATE_VERSION = 1;

/**
 * Bigger than any display: a width or a coordinate past it is a broken file, not a window. (Coordinates may be
 * negative: a display left of or above the primary one.)
 */
const MAX_COORDINATE = 100_000;

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

function isLength(value: unknown): value is number {
  return isCoordinate(value) && value > 0;
}

/** The saved state in a parsed JSON file, or undefined for anything that is not exactly one (it is data from disk). */
export function parseWindowState(json: unknown): SavedWindowState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { version, bounds, maximized } = json as { version?: unknown; bounds?: unknown; maximized?: unknown };
  if (version !== WINDOW_STATE_VERSION || typeof maximized !== 'boolean') return undefined;
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as { x?: unknown; y?: unknown; width?: unknown; height?: unknown };
  if (!isCoordinate(x) || !isCoordinate(y) || !isLength(width) || !isLength(height)) return undefined;
  return { bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }, maximized };
}

/** The file's content for a state (what parseWindowState reads back). */
export function serializeWindowState(state: SavedWindowState): string {
  const { x, y, width, height } = state.bounds;
  return `${JSON.stringify({ version: WINDOW_STATE_VERSION, bounds: { x, y, width, height }, maximized: state.maximized }, null, 2)}\n`;
}

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** `value` moved into [min, max]; `min` when the range is empty (a window larger than the area keeps its top left in it). */
function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/** A length no larger than the work area allows, and no smaller than the window's minimum. */
function fit(length: number, available: number, minimum: number): number {
  return Math.max(minimum, Math.min(length, available));
}

/**
 * Where to open the window, given what was saved (if anything) and the work areas of the displays there are now
 * (`primary` among them). The saved bounds go on the display they overlap most, shrunk to its work area if need be
 * and moved inside it; bounds that overlap no display (that monitor was unplugged, or the layout changed) go to
 * the centre of the primary display at their saved size. Nothing saved: the default size, centred.
 */
export function placeWindow(saved: SavedWindowState | undefined, workAreas: readonly Rect[], primary: Rect): WindowPlacement {
  if (!saved) {
    return {
      width: fit(DEFAULT_WINDOW_SIZE.width, primary.width, MIN_WINDOW_SIZE.width),
      height: fit(DEFAULT_WINDOW_SIZE.height, primary.height, MIN_WINDOW_SIZE.height),
      maximized: false,
    };
  }
  const { bounds } = saved;
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(bounds, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  const display = best ?? primary;
  const width = fit(bounds.width, display.width, MIN_WINDOW_SIZE.width);
  const height = fit(bounds.height, display.height, MIN_WINDOW_SIZE.height);
  const x = best ? bounds.x : display.x + Math.round((display.width - width) / 2);
  const y = best ? bounds.y : display.y + Math.round((display.height - height) / 2);
  return {
    x: clamp(x, display.x, display.x + display.width - width),
    y: clamp(y, display.y, display.y + display.height - height),
    width,
    height,
    maximized: saved.maximized,
  };
}
