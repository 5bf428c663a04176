/*
 * Paths of the machine that runs the engine, as the page handles them without node:path: that machine may be
 * Windows while the page runs elsewhere, so the separator comes from the engine (DirectoryListing.separator) or,
 * before the first listing, from the path's own shape.
 */

export type HostSeparator = '/' | '\\';

/** "C:\…", "C:/…" or "\\server\share…": a Windows path, where both separators count. */
export function isWindowsHostPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The separator a path is written with: its own shape says Windows or POSIX. */
export function separatorOf(path: string): HostSeparator {
  return isWindowsHostPath(path) ? '\\' : '/';
}

/** A UNC root: "\\server\share", with the separator after it if there is one. */
const UNC_ROOT = /^\\\\[^\\/]+[\\/][^\\/]+[\\/]?/;

/** The length of the root part that must stay: "/", "C:\", "\\server\share\". */
function rootLength(path: string): number {
  if (!isWindowsHostPath(path)) return path.startsWith('/') ? 1 : 0;
  if (/^[A-Za-z]:[\\/]/.test(path)) return 3;
  const unc = UNC_ROOT.exec(path);
  return unc ? unc[0].length : 2;
}

/**
 * The directory and the last name of an absolute host path: "/tmp/a.bin" → {dir: "/tmp", name: "a.bin"},
 * "C:\a.bin" → {dir: "C:\", name: "a.bin"}, "/tmp/" → {dir: "/tmp", name: ""}. `dir` is null when the path is a
 * root itself (nothing above to split off).
 */
export function splitHostPath(path: string): { readonly dir: string | null; readonly name: string } {
  const windows = isWindowsHostPath(path);
  // "\\server" or "\\server\\x": a UNC path without its share has no folder in it yet.
  if (path.startsWith('\\\\') && !UNC_ROOT.test(path)) return { dir: null, name: '' };
  const root = rootLength(path);
  const isSeparator = (char: string): boolean => char === '/' || (windows && char === '\\');
  const trimTrailing = (text: string): string => {
    let end = text.length;
    while (end > root && isSeparator(text[end - 1]!)) end--;
    return text.slice(0, end);
  };
  const trimmed = trimTrailing(path);
  // A trailing separator (past the root) names the directory itself: "/tmp/" is /tmp, with no file name.
  if (trimmed.length !== path.length) return { dir: trimmed, name: '' };
  let cut = path.length;
  while (cut > root && !isSeparator(path[cut - 1]!)) cut--;
  if (cut === path.length) return { dir: null, name: '' };
  const dir = cut <= root ? path.slice(0, root) : trimTrailing(path.slice(0, cut));
  return { dir: dir === '' ? null : dir, name: path.slice(cut) };
}

/** `name` in `dir`: "/" + "a" → "/a", "/tmp" + "a" → "/tmp/a", "C:\" + "a" → "C:\a". */
export function joinHostPath(dir: string, name: string, separator: HostSeparator): string {
  const endsWithSeparator = dir.endsWith(separator) || (separator === '\\' && dir.endsWith('/'));
  return endsWithSeparator ? `${dir}${name}` : `${dir}${separator}${name}`;
}

export type FileNameProblem = 'empty' | 'dots' | 'separator' | 'invalidChar';

/**
 * Why a name typed in the folder browser cannot be a file name in that folder, or null when it can: empty, "." or
 * "..", or with a separator in it (a name, not a path: the folder is chosen above it), or with a character the host's
 * file names cannot hold.
 */
export function fileNameProblem(name: string, separator: HostSeparator): FileNameProblem | null {
  if (name === '') return 'empty';
  if (name === '.' || name === '..') return 'dots';
  if (name.includes('/') || (separator === '\\' && name.includes('\\'))) return 'separator';
  // NUL nowhere; on Windows also the characters its file names may not hold.
  if (name.includes('\0') || (separator === '\\' && /[:*?"<>|]/.test(name))) return 'invalidChar';
  return null;
}
