import type { BrowserWindow } from 'electron';
import type { SavedWindowState } from './window-bounds';

/** Quiet time after the last move or resize before the state is written, ms: a drag is one write, not hundreds. */
export const WINDOW_STATE_SAVE_DELAY_MS = 500;

export interface WindowStateSink {
  save(state: SavedWindowState): Promise<void>;
}

/**
 * Saves one window's state: `changed()` after each move or resize (debounced), `saveNow()` when the window closes,
 * `finish()` before the app quits (a last save, and none after it: the process is about to end and a write it
 * started then might not land).
 */
export class WindowStateKeeper {
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly capture: () => SavedWindowState | undefined,
    private readonly sink: WindowStateSink,
    private readonly delayMs = WINDOW_STATE_SAVE_DELAY_MS,
  ) {}

  changed(): void {
    if (this.finished) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow(), this.delayMs);
    // A pending save must not keep a process alive that has nothing else to do (tests; Electron never idles out).
    this.timer.unref();
  }

  /** Writes the current state now (a pending debounced save is folded into it); resolves once it is written. */
  saveNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.finished) return Promise.resolve();
    const state = this.capture();
    return state ? this.sink.save(state) : Promise.resolve();
  }

  finish(): Promise<void> {
    const last = this.saveNow();
    this.finished = true;
    return last;
  }
}

/** What to save of a window: its normal bounds (those it returns to from maximised, minimised or full screen). */
export function captureWindowState(window: BrowserWindow): SavedWindowState | undefined {
  if (window.isDestroyed()) return undefined;
  return { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
}

/** Keeps `window`'s state in `sink` from now on. */
export function keepWindowState(window: BrowserWindow, sink: WindowStateSink, delayMs?: number): WindowStateKeeper {
  const keeper = new WindowStateKeeper(() => captureWindowState(window), sink, delayMs);
  const changed = (): void => keeper.changed();
  window.on('move', changed);
  window.on('resize', changed);
  window.on('maximize', changed);
  window.on('unmaximize', changed);
  // During 'close' the window still has its bounds; after 'closed' it has none.
  window.on('close', () => void keeper.saveNow());
  return keeper;
}
