import { mutatedArbitrary, wireValue } from '@shared/test-support/hostile-values';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWindowState, placeWindow, serializeWindowState, type Rect, type SavedWindowState } from './window-bounds';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
/** A second monitor right of the primary one, its top 200 px lower. */
const right: Rect = { x: 1920, y: 200, width: 1280, height: 984 };
/** A monitor left of the primary one: negative coordinates. */
const left: Rect = { x: -1440, y: 0, width: 1440, height: 860 };

const state = (x: number, y: number, width: number, height: number, maximized = false): SavedWindowState => ({ bounds: { x, y, width, height }, maximized });

describe('parseWindowState', () => {
  it('reads back what serializeWindowState writes', () => {
    for (const saved of [state(10, 20, 1100, 720), state(-1400, 30, 900, 600, true)]) {
      expect(parseWindowState(JSON.parse(serializeWindowState(saved)))).toEqual(saved);
    }
  });

  it('rounds fractional pixels', () => {
    expect(parseWindowState({ version: 1, bounds: { x: 10.4, y: 20.6, width: 800.5, height: 600 }, maximized: false })).toEqual(state(10, 21, 801, 600));
  });

  it.each([
    ['not an object', 'window'],
    ['null', null],
    ['an array', [1, 2, 3, 4]],
    ['another version', { version: 2, bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false }],
    ['no version', { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false }],
    ['no bounds', { version: 1, maximized: false }],
    ['maximized not a boolean', { version: 1, bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' }],
    ['a string coordinate', { version: 1, bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false }],
    ['a missing height', { version: 1, bounds: { x: 0, y: 0, width: 800 }, maximized: false }],
    ['a zero width', { version: 1, bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false }],
    ['a negative height', { version: 1, bounds: { x: 0, y: 0, width: 800, height: -600 }, maximized: false }],
    ['an infinite coordinate', { version: 1, bounds: { x: Infinity, y: 0, width: 800, height: 600 }, maximized: false }],
    ['NaN', { version: 1, bounds: { x: 0, y: Number.NaN, width: 800, height: 600 }, maximized: false }],
    ['a coordinate past any display', { version: 1, bounds: { x: 1e9, y: 0, width: 800, height: 600 }, maximized: false }],
    ['a width past any display', { version: 1, bounds: { x: 0, y: 0, width: 1e7, height: 600 }, maximized: false }],
  ])('refuses %s', (_what, json) => {
    expect(parseWindowState(json)).toBeUndefined();
  });
});

describe('placeWindow', () => {
  it('nothing saved: the default size, centred by Electron (no position)', () => {
    expect(placeWindow(undefined, [primary], primary)).toEqual({ width: 1100, height: 720, maximized: false });
  });

  it('nothing saved on a small screen: the default size shrinks to the work area, not below the minimum', () => {
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 1024, height: 560 }], { x: 0, y: 0, width: 1024, height: 560 })).toEqual({ width: 1024, height: 560, maximized: false });
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 640, height: 480 }], { x: 0, y: 0, width: 640, height: 480 })).toEqual({ width: 720, height: 520, maximized: false });
  });

  it('keeps a window that fits on its display exactly where it was, maximised or not', () => {
    expect(placeWindow(state(100, 80, 1100, 720), [primary, right], primary)).toEqual({ x: 100, y: 80, width: 1100, height: 720, maximized: false });
    expect(placeWindow(state(2000, 300, 1000, 700, true), [primary, right], primary)).toEqual({ x: 2000, y: 300, width: 1000, height: 700, maximized: true });
    expect(placeWindow(state(-1300, 50, 1000, 700), [primary, left], primary)).toEqual({ x: -1300, y: 50, width: 1000, height: 700, maximized: false });
  });

  it('a window on a monitor that is gone opens centred on the primary display, at its size', () => {
    expect(placeWindow(state(2000, 300, 1000, 700, true), [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700, maximized: true });
    expect(placeWindow(state(-1300, 50, 1000, 700), [primary, right], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700, maximized: false });
  });

  it('a window partly off its display is moved inside it', () => {
    // Hanging off the bottom right of the primary display.
    expect(placeWindow(state(1500, 900, 800, 600), [primary], primary)).toEqual({ x: 1120, y: 440, width: 800, height: 600, maximized: false });
    // Its title bar above the top of the screen.
    expect(placeWindow(state(100, -300, 800, 600), [primary], primary)).toEqual({ x: 100, y: 0, width: 800, height: 600, maximized: false });
  });

  it('a window across two displays goes to the one it overlaps most', () => {
    // 820 px on the primary display, 280 on the right one.
    expect(placeWindow(state(1100, 300, 1100, 700), [primary, right], primary)).toEqual({ x: 820, y: 300, width: 1100, height: 700, maximized: false });
    // 200 px on the primary display, 900 on the right one (whose top is lower).
    expect(placeWindow(state(1720, 100, 1100, 700), [primary, right], primary)).toEqual({ x: 1920, y: 200, width: 1100, height: 700, maximized: false });
  });

  it('a window larger than its display (saved on a bigger one at the same place) shrinks to the work area', () => {
    expect(placeWindow(state(0, 0, 2560, 1400), [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
  });

  it('never below the minimum size, even on a display smaller than that', () => {
    const tiny: Rect = { x: 0, y: 0, width: 600, height: 400 };
    expect(placeWindow(state(10, 10, 800, 600), [tiny], tiny)).toEqual({ x: 0, y: 0, width: 720, height: 520, maximized: false });
  });
});

describe('the window state file never throws', () => {
  it('on any JSON, or the saved state with fields changed; what it reads opens on a display', () => {
    const saved: unknown = JSON.parse(serializeWindowState(state(40, 30, 1000, 700, true)));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), mutatedArbitrary([saved], wireValue)), (json) => {
        const parsed = parseWindowState(JSON.parse(JSON.stringify(json) ?? 'null'));
        const placed = placeWindow(parsed, [primary, right], primary);
        expect(Number.isFinite(placed.width) && Number.isFinite(placed.height)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
