import { appSettingsSchema, fail, ok, type AppError, type AppSettings, type Result } from '@shared';
import { safeParseUntrusted } from '@shared/contract/safe-parse';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError, fileTimeoutError, notRegularFileError, osPhrase } from './file-errors';
import { settingsFromText } from './settings-text';

/** Where the engine keeps AppSettings. Injected through EngineOptions so a host (or a test) picks the place. */
export interface SettingsStore {
  /** ok(null) when nothing was saved yet or the saved file is unreadable as AppSettings (corrupt, other version). */
  load(): Promise<Result<AppSettings | null>>;
  save(settings: AppSettings): Promise<Result<null>>;
}

export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * Longest a load or a save may take (ms) before it answers ETIMEDOUT. A local disk answers in milliseconds, even
 * one spinning up; a network mount that stopped answering never does, and the page must not wait on it forever.
 */
export const SETTINGS_TIMEOUT_MS = 10_000;

export interface SettingsFileOptions {
  /** SETTINGS_TIMEOUT_MS unless a test wants to see the limit hit sooner. */
  readonly timeoutMs?: number;
}

/**
 * O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever, on a libuv worker thread (and a
 * process with such a thread cannot exit). It changes nothing for a regular file. Windows has no such flag (and no
 * FIFOs at a path): 0 there.
 */
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function nodeCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The sentence for a log line or an English fallback; code and params (with the OS reason) come from file-errors. */
function settingsError<T>(action: 'read' | 'save', path: string, error: AppError, why: string): Result<T> {
  return { ok: false, error: { ...error, message: `Cannot ${action} settings in ${path}: ${why}` } };
}

function osFailure<T>(action: 'read' | 'save', path: string, error: unknown): Result<T> {
  return settingsError(action, path, fileError(error, path), osPhrase(error));
}

/**
 * `operation`'s outcome, or `late()` once `ms` have passed. The operation cannot be cancelled (a read stuck in
 * the kernel keeps its worker thread until the kernel lets go), so it is left to finish alone; each operation
 * below cleans up after itself (closes its handle, removes its temporary file) whenever it ends.
 */
function withTimeout<T>(operation: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
    // A limit on an answer nobody may still wait for must not keep a closing process alive.
    timer.unref();
  });
  return Promise.race([operation, deadline]).finally(() => clearTimeout(timer));
}

/**
 * AppSettings as one JSON file (SETTINGS_FILE_NAME) in a directory, written atomically: the new content goes to
 * a temporary file in the same directory, is fsynced, then renamed over the old file, so a crash or a full disk
 * leaves either the old file or the new one, never half of one. The directory is created on first save.
 * Operations run one at a time in call order, so a save from a page that is going away lands before the load of
 * the page that replaces it. One instance per directory per process; several engines may share it.
 */
export class SettingsFile implements SettingsStore {
  readonly path: string;
  private readonly timeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    options: SettingsFileOptions = {},
  ) {
    this.path = join(dir, SETTINGS_FILE_NAME);
    this.timeoutMs = options.timeoutMs ?? SETTINGS_TIMEOUT_MS;
  }

  load(): Promise<Result<AppSettings | null>> {
    return this.serialize(() => this.read(), 'read');
  }

  save(settings: AppSettings): Promise<Result<null>> {
    return this.serialize(() => this.write(settings), 'save');
  }

  /**
   * One operation at a time, each bounded by the time limit: one that hangs answers ETIMEDOUT and lets the next
   * one run (a save abandoned that way may still land later; it would carry settings older than the next save's).
   */
  private serialize<T>(operation: () => Promise<Result<T>>, action: 'read' | 'save'): Promise<Result<T>> {
    const bounded = () =>
      withTimeout(operation(), this.timeoutMs, () => settingsError<T>(action, this.path, fileTimeoutError(this.path, this.timeoutMs), `no answer within ${this.timeoutMs / 1000} s`));
    const next = this.queue.then(bounded);
    // The queue only orders operations; each caller gets its own outcome (they never reject: errors are values).
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Result<AppSettings | null>> {
    let text: string;
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.path, OPEN_FOR_READING);
      // Only a regular file can be read to its end without waiting on someone (a FIFO's writer, a device).
      if (!(await handle.stat()).isFile()) return this.notRegularFile('read');
      text = await handle.readFile('utf8');
    } catch (error) {
      if (nodeCode(error) === 'ENOENT') return ok(null);
      return osFailure('read', this.path, error);
    } finally {
      await handle?.close().catch(() => undefined);
    }
    const read = settingsFromText(text);
    if (read.settings !== null) return ok(read.settings);
    console.warn(
      read.problem === 'not-json'
        ? `SocketDesk: ${this.path} is not valid JSON; using default settings`
        : `SocketDesk: ${this.path} is not a SocketDesk settings file (version 1 or 2); using default settings`,
    );
    return ok(null);
  }

  private async write(settings: AppSettings): Promise<Result<null>> {
    const checked = safeParseUntrusted(appSettingsSchema, settings);
    if (!checked.success) return fail('INVALID_ARGUMENT', 'Settings do not match the settings schema', { field: 'settings' });
    if (!(await this.isRegularOrAbsent())) return this.notRegularFile('save');
    const temp = join(this.dir, `.${SETTINGS_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      // 'wx': never follow or reuse an existing path; 0o600: settings hold addresses the user typed, theirs only.
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(checked.data, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined); // best effort: the temp file may never have been created
      return osFailure('save', this.path, error);
    }
    await this.syncDirectory();
    return ok(null);
  }

  /**
   * False when something other than a regular file sits at the settings path (a FIFO, a device, a directory):
   * the rename would replace it, and whoever put it there meant something by it. The load refuses it as well,
   * so the page shows the error instead of saving. Errors of stat itself are left to the write to report.
   */
  private async isRegularOrAbsent(): Promise<boolean> {
    try {
      return (await stat(this.path)).isFile();
    } catch {
      return true;
    }
  }

  private notRegularFile<T>(action: 'read' | 'save'): Result<T> {
    return settingsError(action, this.path, notRegularFileError(this.path), 'not a regular file');
  }

  /** Makes the rename itself durable. Not possible on every platform (Windows cannot open a directory): skipped there. */
  private async syncDirectory(): Promise<void> {
    try {
      const dir = await open(this.dir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // The file is complete and renamed; only its durability across a power cut is weaker here.
    }
  }
}
