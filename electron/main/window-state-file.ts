import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWindowState, serializeWindowState, type SavedWindowState } from './window-bounds';

export const WINDOW_STATE_FILE_NAME = 'window-state.json';

/**
 * Longest wait for the saved state at start, ms. The window waits for it; a local disk answers in milliseconds,
 * and a data directory on a mount that stopped answering must not keep the window from opening.
 */
export const WINDOW_STATE_LOAD_TIMEOUT_MS = 1_000;

/** Larger than any state file: anything bigger is not one, and is not read into memory. */
const MAX_FILE_BYTES = 64 * 1024;

/** As in engine/settings-file.ts: opening a FIFO for reading would otherwise wait for a writer forever. */
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The window's size, position and maximised state, in a file of its own next to the workspace file (it is the
 * host's business, not the workspace's: the browser host has no window). Written the way engine/settings-file.ts
 * writes the workspace file: a temporary file in the same directory, fsynced, renamed over the old one, so a crash
 * leaves the old state or the new one, never half of one (the directory is not fsynced: a power cut may cost the
 * last move, nothing more). Writes run one at a time in call order. Failures are logged and otherwise ignored: at
 * worst the window opens at the default size next time.
 */
export class WindowStateFile {
  readonly path: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly loadTimeoutMs = WINDOW_STATE_LOAD_TIMEOUT_MS,
  ) {
    this.path = join(dir, WINDOW_STATE_FILE_NAME);
  }

  /** The saved state; undefined when there is none, it is unreadable or not a state file, or the disk is too slow. */
  async load(): Promise<SavedWindowState | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        console.warn(`SocketDesk: no answer from ${this.path} within ${this.loadTimeoutMs} ms; the window opens at its default size`);
        resolve(undefined);
      }, this.loadTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.read(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues a write of `state`; resolves once it is on disk (or failed, which is logged). Never rejects. */
  save(state: SavedWindowState): Promise<void> {
    const next = this.queue.then(() => this.write(state));
    this.queue = next;
    return next;
  }

  /** Resolves once every write queued so far has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async read(): Promise<SavedWindowState | undefined> {
    let handle: FileHandle | undefined;
    let text: string;
    try {
      handle = await open(this.path, OPEN_FOR_READING);
      const stats = await handle.stat();
      if (!stats.isFile() || stats.size > MAX_FILE_BYTES) {
        console.warn(`SocketDesk: ${this.path} is not a window state file; the window opens at its default size`);
        return undefined;
      }
      text = await handle.readFile('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`SocketDesk: cannot read ${this.path}: ${reason(error)}`);
      return undefined;
    } finally {
      await handle?.close().catch(() => undefined);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const state = parseWindowState(json);
    if (!state) console.warn(`SocketDesk: ${this.path} is not a window state file; the window opens at its default size`);
    return state;
  }

  private async write(state: SavedWindowState): Promise<void> {
    const temp = join(this.dir, `.${WINDOW_STATE_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      // 'wx': never follow or reuse an existing path.
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(serializeWindowState(state), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined); // the temp file may never have been created
      console.warn(`SocketDesk: cannot save the window state in ${this.path}: ${reason(error)}`);
    }
  }
}
