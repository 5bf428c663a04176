import type { AppError } from '@shared';

/** `params.reason` of a path that exists but is not a regular file (a FIFO, a device, a socket, a directory). */
export const NOT_REGULAR_FILE = 'notRegularFile';
/** `params.reason` of a capture into a FIFO that no program has open for reading. */
export const FIFO_NO_READER = 'fifoNoReader';

/**
 * What the OS said, in a few English words, for log lines and English fallbacks ("Cannot save settings in …:
 * disk full"). The renderer does not read these: it localizes from `code` + `params.reason`.
 */
const OS_PHRASES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EPIPE: 'the program reading it closed it',
};

function nodeCodeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "disk full", "read-only file system", …; the bare OS code (or message) when there are no words for it. */
export function osPhrase(error: unknown): string {
  const code = nodeCodeOf(error);
  if (code) return OS_PHRASES[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a file operation failed with (open, read, write), as an AppError naming the path. The contract has no
 * code for a full disk, so ENOSPC / EDQUOT / EIO arrive as INTERNAL with `reason` set to the OS code and the OS
 * sentence in `detail`. EACCES / EPERM / EROFS all mean "not allowed to write here" (EACCES), and keep the OS
 * code in `reason` too: a read-only file system needs another remedy than a permission.
 */
export function fileError(error: unknown, path: string): AppError {
  const nodeCode = nodeCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  switch (nodeCode) {
    case 'ENOENT':
      return { code: 'NOT_FOUND', message: `No such file or directory: ${path}`, params: { path }, detail };
    case 'EACCES':
    case 'EPERM':
      return { code: 'EACCES', message: `Permission denied: ${path}`, params: { path, reason: nodeCode }, detail };
    case 'EROFS':
      return { code: 'EACCES', message: `Read-only file system: ${path}`, params: { path, reason: nodeCode }, detail };
    case 'EISDIR':
      return { code: 'INVALID_ARGUMENT', message: `${path} is a directory, not a file`, params: { path, field: 'path' }, detail };
    case 'ENOTDIR':
      return { code: 'INVALID_ARGUMENT', message: `A part of ${path} is not a directory`, params: { path, field: 'path' }, detail };
    default:
      return { code: 'INTERNAL', message: `File error on ${path}: ${osPhrase(error)}`, params: { path, reason: nodeCode ?? 'unknown' }, detail };
  }
}

/** `path` exists but is something a file operation must not open and wait on (a FIFO, a device, a socket, a directory). */
export function notRegularFileError(path: string): AppError {
  return { code: 'INVALID_ARGUMENT', message: `${path} is not a regular file`, params: { path, field: 'path', reason: NOT_REGULAR_FILE } };
}

/** A capture into the FIFO `path` while no program has it open for reading (open(2) with O_NONBLOCK: ENXIO). */
export function fifoWithoutReaderError(path: string): AppError {
  return { code: 'INVALID_ARGUMENT', message: `Nothing is reading the named pipe ${path}`, params: { path, field: 'path', reason: FIFO_NO_READER } };
}

/** A file operation on `path` that did not finish within `ms` (a hung network mount, a stuck device). */
export function fileTimeoutError(path: string, ms: number): AppError {
  return { code: 'ETIMEDOUT', message: `No answer from ${path} within ${ms / 1000} s`, params: { path, ms } };
}
