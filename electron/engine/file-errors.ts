import type { AppError } from '@shared';

/**
 * What a file operation failed with (open, read, write), as an AppError naming the path. The contract has no
 * code for a full disk, so ENOSPC / EDQUOT / EIO arrive as INTERNAL with `reason` set to the OS code and the OS
 * sentence in `detail`.
 */
export function fileError(error: unknown, path: string): AppError {
  const nodeCode = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (nodeCode) {
    case 'ENOENT':
      return { code: 'NOT_FOUND', message: `No such file or directory: ${path}`, params: { path }, detail };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { code: 'EACCES', message: `Permission denied: ${path}`, params: { path }, detail };
    case 'EISDIR':
      return { code: 'INVALID_ARGUMENT', message: `${path} is a directory, not a file`, params: { path, field: 'path' }, detail };
    case 'ENOTDIR':
      return { code: 'INVALID_ARGUMENT', message: `A part of ${path} is not a directory`, params: { path, field: 'path' }, detail };
    default:
      return { code: 'INTERNAL', message: `File error on ${path}`, params: { path, reason: nodeCode ?? 'unknown' }, detail };
  }
}
