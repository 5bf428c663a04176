import { appSettingsSchema, fail, ok, type AppError, type AppSettings, type Result } from '@shared';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError, osPhrase } from './file-errors';

/** Where the engine keeps AppSettings. Injected through EngineOptions so a host (or a test) picks the place. */
export interface SettingsStore {
  /** ok(null) when nothing was saved yet or the saved file is unreadable as AppSettings (corrupt, other version). */
  load(): Promise<Result<AppSettings | null>>;
  save(settings: AppSettings): Promise<Result<null>>;
}

export const SETTINGS_FILE_NAME = 'settings.json';

/** A UTF-8 byte order mark, as some Windows editors put before the text; JSON.parse rejects it. */
const BOM = '\uFEFF';

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
 * AppSettings as one JSON file (SETTINGS_FILE_NAME) in a directory, written atomically: the new content goes to
 * a temporary file in the same directory, is fsynced, then renamed over the old file, so a crash or a full disk
 * leaves either the old file or the new one, never half of one. The directory is created on first save.
 * Operations run one at a time in call order, so a save from a page that is going away lands before the load of
 * the page that replaces it. One instance per directory per process; several engines may share it.
 */
export class SettingsFile implements SettingsStore {
  readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.path = join(dir, SETTINGS_FILE_NAME);
  }

  load(): Promise<Result<AppSettings | null>> {
    return this.serialize(() => this.read());
  }

  save(settings: AppSettings): Promise<Result<null>> {
    return this.serialize(() => this.write(settings));
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation);
    // The queue only orders operations; each caller gets its own outcome (they never reject: errors are values).
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Result<AppSettings | null>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (nodeCode(error) === 'ENOENT') return ok(null);
      return osFailure('read', this.path, error);
    }
    let json: unknown;
    try {
      json = JSON.parse(text.startsWith(BOM) ? text.slice(BOM.length) : text);
    } catch {
      console.warn(`SocketDesk: ${this.path} is not valid JSON; using default settings`);
      return ok(null);
    }
    const parsed = appSettingsSchema.safeParse(json);
    if (!parsed.success) {
      // Another version's file, or a hand edit gone wrong: defaults now, and the next save replaces it.
      console.warn(`SocketDesk: ${this.path} is not a version-1 settings file; using default settings`);
      return ok(null);
    }
    return ok(parsed.data);
  }

  private async write(settings: AppSettings): Promise<Result<null>> {
    const checked = appSettingsSchema.safeParse(settings);
    if (!checked.success) return fail('INVALID_ARGUMENT', 'Settings do not match the settings schema', { field: 'settings' });
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
