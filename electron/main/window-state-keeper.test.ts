import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedWindowState } from './window-bounds';
import { WindowStateKeeper } from './window-state-keeper';

const state = (x: number): SavedWindowState => ({ bounds: { x, y: 0, width: 800, height: 600 }, maximized: false });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A keeper over a window whose state is `current` (undefined: closed), saving into `saved`. */
function setup(delayMs = 500) {
  const window = { current: state(0) as SavedWindowState | undefined };
  const saved: SavedWindowState[] = [];
  const keeper = new WindowStateKeeper(
    () => window.current,
    {
      save: async (s) => {
        saved.push(s);
      },
    },
    delayMs,
  );
  return { window, saved, keeper };
}

describe('WindowStateKeeper', () => {
  it('a drag (many moves) is one save, of where it ended, once the window has been still for the delay', async () => {
    const { window, saved, keeper } = setup();
    for (let x = 1; x <= 20; x++) {
      if (x > 1) await vi.advanceTimersByTimeAsync(50);
      window.current = state(x);
      keeper.changed();
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([state(20)]);
  });

  it('saveNow (the window closing) writes at once and takes the pending save with it', async () => {
    const { window, saved, keeper } = setup();
    window.current = state(7);
    keeper.changed();
    await keeper.saveNow();
    expect(saved).toEqual([state(7)]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual([state(7)]);
  });

  it('nothing to save once the window is gone', async () => {
    const { window, saved, keeper } = setup();
    window.current = undefined;
    await keeper.saveNow();
    expect(saved).toEqual([]);
  });

  it('finish (the app quitting) saves one last time and never again: no write may start as the process ends', async () => {
    const { window, saved, keeper } = setup();
    window.current = state(3);
    keeper.changed();
    await keeper.finish();
    expect(saved).toEqual([state(3)]);
    window.current = state(4);
    keeper.changed();
    await keeper.saveNow();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saved).toEqual([state(3)]);
  });
});
