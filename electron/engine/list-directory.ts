import { fail, ok, type AppError, type DirectoryEntry, type DirectoryEntryKind, type DirectoryListing, type Result } from '@shared';
import { opendir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import nodePath, { type PlatformPath } from 'node:path';
import { osPhrase } from './file-errors';

/*
 * system.listDirectory: the entries of a directory on the engine's machine, for the page's folder browser (the
 * browser host has no native file dialog). It lists and stats; it never opens a file, so a FIFO, a socket or a
 * device is only named ('other'), never waited on. Bounded in entries and in time: a directory of a million files
 * costs a few thousand, and a hung network mount costs a few seconds, not the command.
 */

export const DIRECTORY_LIST_LIMITS = {
  /** Entries returned at most; beyond, the listing says `truncated`. */
  maxEntries: 5_000,
  /** The whole command (open, read, stats), ms. */
  timeoutMs: 5_000,
  /**
   * Stats in flight at once. Node runs them on libuv's small thread pool (4 threads by default), which the
   * capture file and the file sender also use: a stat that hangs on a dead mount holds a thread, so a listing
   * may hold at most this many.
   */
  statConcurrency: 2,
  /**
   * File-system calls that timed-out listings left behind, still running. At this many, a new listing is refused
   * at once instead of taking another thread: the pool must keep threads for the captures and file sends.
   */
  maxStuckCalls: 2,
  /** Windows drives: how long the list of roots is reused before it is asked for again, ms. */
  rootsTtlMs: 10_000,
} as const;

/** Reason (params.reason) of the errors of a listing, for the page's sentences. */
export const LIST_DIRECTORY_REASON = 'listDirectory';
export const NOT_DIRECTORY_REASON = 'notDirectory';
/** A listing refused because earlier ones are still waiting on the file system. */
export const LISTING_BUSY_REASON = 'listingBusy';

/** What a listing reads of a directory entry (node:fs Dirent). */
export interface ListingDirent {
  readonly name: string;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/** An open directory being read (node:fs Dir). */
export interface ListingDir {
  read(): Promise<ListingDirent | null>;
  close(): Promise<void>;
}

/** What a listing reads of a stat (node:fs Stats). */
export interface ListingStats {
  readonly size: number;
  isDirectory(): boolean;
  isFile(): boolean;
}

/** The file-system calls a listing makes; node:fs/promises by default, a stand-in in tests (a hung mount). */
export interface ListingFileSystem {
  opendir(path: string): Promise<ListingDir>;
  /** Follows links. */
  stat(path: string): Promise<ListingStats>;
}

export interface DirectoryListerOptions {
  readonly fs?: ListingFileSystem;
  /** node:path of the host's OS by default; path.win32 in tests of Windows paths. */
  readonly path?: PlatformPath;
  /** Where a listing without a path starts. */
  readonly homedir?: () => string;
  readonly maxEntries?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const NODE_FS: ListingFileSystem = {
  // A larger buffer than the default 32 entries: fewer round trips through the thread pool for big directories.
  opendir: (path) => opendir(path, { bufferSize: 256 }),
  stat: (path) => stat(path),
};

/** Directories first, then by name: case-insensitive, the same on every locale (no collation tables). */
export function compareEntries(a: DirectoryEntry, b: DirectoryEntry): number {
  const rankA = a.kind === 'directory' ? 0 : 1;
  const rankB = b.kind === 'directory' ? 0 : 1;
  if (rankA !== rankB) return rankA - rankB;
  const lowerA = a.name.toLowerCase();
  const lowerB = b.name.toLowerCase();
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  // Names equal but for case ("Makefile", "makefile" on a case-sensitive disk): a fixed order all the same.
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function nodeCodeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What opening or reading the directory failed with, naming the path the user asked for. */
export function listingError(error: unknown, path: string): AppError {
  const code = nodeCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return { code: 'NOT_FOUND', message: `Folder not found: ${path}`, params: { path, reason: LIST_DIRECTORY_REASON }, detail };
    case 'EACCES':
    case 'EPERM':
      return { code: 'EACCES', message: `No permission to list ${path}`, params: { path, reason: LIST_DIRECTORY_REASON }, detail };
    case 'ENOTDIR':
      return { code: 'INVALID_ARGUMENT', message: `${path} is not a folder`, params: { path, field: 'path', reason: NOT_DIRECTORY_REASON }, detail };
    default:
      return { code: 'INTERNAL', message: `Cannot list ${path}: ${osPhrase(error)}`, params: { path, reason: code ?? 'unknown' }, detail };
  }
}

/** A step of a listing: it stops waiting for it at `deadline`, when the step may still be running. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  readonly expired: Promise<'timeout'>;
  isExpired = false;

  constructor(ms: number) {
    this.expired = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.isExpired = true;
        resolve('timeout');
      }, ms);
    });
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/**
 * Lists directories for one engine. Keeps count of the file-system calls that listings which timed out left
 * running (a hung mount), so that repeated clicks on a dead share do not take every thread of the pool.
 */
export class DirectoryLister {
  private readonly fs: ListingFileSystem;
  private readonly path: PlatformPath;
  private readonly homedir: () => string;
  private readonly maxEntries: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /** Calls of abandoned listings that have not come back yet. */
  private stuckCalls = 0;
  private roots: { readonly at: number; readonly value: Promise<readonly string[]> } | undefined;

  constructor(options: DirectoryListerOptions = {}) {
    this.fs = options.fs ?? NODE_FS;
    this.path = options.path ?? nodePath;
    this.homedir = options.homedir ?? homedir;
    this.maxEntries = options.maxEntries ?? DIRECTORY_LIST_LIMITS.maxEntries;
    this.timeoutMs = options.timeoutMs ?? DIRECTORY_LIST_LIMITS.timeoutMs;
    this.now = options.now ?? Date.now;
  }

  /** File-system calls still running for listings that gave up on them (0 when nothing hangs). */
  get stuck(): number {
    return this.stuckCalls;
  }

  /** `requested` absent: the user's home directory. Never rejects. */
  async list(requested?: string): Promise<Result<DirectoryListing>> {
    const asked = requested ?? this.homedir();
    if (!this.path.isAbsolute(asked)) {
      return fail('INVALID_ARGUMENT', `Not an absolute path: ${asked}`, { path: asked, field: 'path', reason: 'absolutePath' });
    }
    const path = this.path.resolve(asked);
    if (this.stuckCalls >= DIRECTORY_LIST_LIMITS.maxStuckCalls) {
      return fail('ETIMEDOUT', `Earlier folder listings are still waiting for the file system; not listing ${path} now`, {
        path,
        ms: this.timeoutMs,
        reason: LISTING_BUSY_REASON,
      });
    }
    const calls = new CallTracker(() => this.stuckCalls--);
    const deadline = new Deadline(this.timeoutMs);
    try {
      const read = await Promise.race([readEntries(this.fs, path, this.maxEntries, calls, deadline), deadline.expired]);
      if (read === 'timeout') return { ok: false, error: timeoutError(path, this.timeoutMs) };
      if (!read.ok) return read;
      const entries = await describeEntries(this.fs, this.path, path, read.value.dirents, calls, deadline);
      const parent = this.path.dirname(path);
      return ok({
        path,
        parent: parent === path ? null : parent,
        separator: this.path.sep === '\\' ? '\\' : '/',
        entries: entries.sort(compareEntries),
        truncated: read.value.truncated,
        roots: await this.rootsOf(),
      });
    } finally {
      deadline.clear();
      this.stuckCalls += calls.abandon();
    }
  }

  /** "/" on POSIX; on Windows the drive letters that answer, asked again at most every few seconds. */
  private rootsOf(): Promise<readonly string[]> {
    if (this.path.sep !== '\\') return Promise.resolve(['/']);
    const now = this.now();
    if (!this.roots || now - this.roots.at > DIRECTORY_LIST_LIMITS.rootsTtlMs) this.roots = { at: now, value: this.findDrives() };
    return this.roots.value;
  }

  private async findDrives(): Promise<readonly string[]> {
    const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
    const found = new Set<string>();
    const calls = new CallTracker(() => this.stuckCalls--);
    const deadline = new Deadline(Math.min(this.timeoutMs, 1_000));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < letters.length && !deadline.isExpired && calls.isOpen) {
        const drive = `${letters[next++]}:\\`;
        try {
          if ((await calls.run(this.fs.stat(drive))).isDirectory()) found.add(drive);
        } catch {
          // No such drive, or one that does not answer (an empty card reader): not offered.
        }
      }
    };
    try {
      await Promise.race([Promise.all(Array.from({ length: 4 }, worker)), deadline.expired]);
    } finally {
      deadline.clear();
      this.stuckCalls += calls.abandon();
    }
    return [...found].sort();
  }
}

/**
 * The file-system calls one listing has in flight. When the listing gives up (its deadline passed) the calls still
 * running are handed to the lister's count of stuck calls, and each leaves that count when it finally returns.
 */
class CallTracker {
  private readonly pending = new Set<Promise<unknown>>();
  private isAbandoned = false;

  constructor(private readonly onStuckCallSettled: () => void) {}

  get isOpen(): boolean {
    return !this.isAbandoned;
  }

  run<T>(call: Promise<T>): Promise<T> {
    if (this.isAbandoned) {
      // Started after the listing gave up: nobody waits for it, so it counts as stuck from the start. Does not happen
      // in the loops below (they check isOpen), kept for safety.
      void call.catch(() => undefined);
      return Promise.reject(new Error('listing abandoned'));
    }
    this.pending.add(call);
    const settled = (): void => {
      if (!this.pending.delete(call)) return;
      if (this.isAbandoned) this.onStuckCallSettled();
    };
    call.then(settled, settled);
    return call;
  }

  /** No more calls; returns how many are still running (now stuck). */
  abandon(): number {
    this.isAbandoned = true;
    return this.pending.size;
  }
}

function timeoutError(path: string, ms: number): AppError {
  return { code: 'ETIMEDOUT', message: `No answer from ${path} within ${ms / 1000} s`, params: { path, ms } };
}

interface ReadEntries {
  readonly dirents: readonly ListingDirent[];
  readonly truncated: boolean;
}

/** Opens the directory and reads up to `max` entries (one more, to know whether there are more). */
async function readEntries(fs: ListingFileSystem, path: string, max: number, calls: CallTracker, deadline: Deadline): Promise<Result<ReadEntries>> {
  let dir: ListingDir;
  try {
    dir = await calls.run(fs.opendir(path));
  } catch (error) {
    return { ok: false, error: listingError(error, path) };
  }
  const dirents: ListingDirent[] = [];
  let truncated = false;
  try {
    while (!deadline.isExpired && calls.isOpen) {
      const dirent = await calls.run(dir.read());
      if (dirent === null) break;
      if (dirents.length === max) {
        truncated = true;
        break;
      }
      dirents.push(dirent);
    }
  } catch (error) {
    return { ok: false, error: listingError(error, path) };
  } finally {
    // Also after the deadline: a read that came back late still closes its directory (the descriptor is freed).
    void dir.close().catch(() => undefined);
  }
  return ok({ dirents, truncated });
}

/**
 * Kind and size of each entry. Only what the entry's type does not say is asked for: a file's size, a link's
 * target. A stat that is not back by the deadline leaves the entry without a size (a file) or as 'other' (a link
 * into a mount that does not answer: not worth navigating into).
 */
async function describeEntries(
  fs: ListingFileSystem,
  pathApi: PlatformPath,
  dirPath: string,
  dirents: readonly ListingDirent[],
  calls: CallTracker,
  deadline: Deadline,
): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = dirents.map((dirent) => {
    const link = dirent.isSymbolicLink();
    const kind: DirectoryEntryKind = dirent.isDirectory() ? 'directory' : dirent.isFile() ? 'file' : 'other';
    return link ? { name: dirent.name, kind: 'other', link } : { name: dirent.name, kind };
  });
  const toStat = entries.flatMap((entry, index) => (entry.kind === 'file' || entry.link ? [index] : []));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < toStat.length && !deadline.isExpired && calls.isOpen) {
      const index = toStat[next++]!;
      const entry = entries[index]!;
      try {
        const stats = await calls.run(fs.stat(pathApi.join(dirPath, entry.name)));
        if (deadline.isExpired) return;
        const kind: DirectoryEntryKind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
        entries[index] = { ...entry, kind, ...(kind === 'file' ? { size: stats.size } : {}) };
      } catch (error) {
        // Gone since it was listed, a broken link, a name that did not survive decoding (not UTF-8): 'other',
        // shown but not offered. A loop of links, no permission to look: kept as it was ('file' without a
        // size, or 'other' for a link).
        if (!deadline.isExpired && nodeCodeOf(error) === 'ENOENT') entries[index] = { ...entry, kind: 'other' };
      }
    }
  };
  await Promise.race([Promise.all(Array.from({ length: DIRECTORY_LIST_LIMITS.statConcurrency }, worker)), deadline.expired]);
  // A copy: stats that come back after the deadline must not change what was answered.
  return entries.map((entry) => ({ ...entry }));
}
