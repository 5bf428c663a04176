import { close, constants, createWriteStream, fstat, lstat, open, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { ok, type Result } from '@shared';
import { fifoWithoutReaderError, fileError, notRegularFileError } from './file-errors';

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const closeFd = promisify(close);
const lstatPath = promisify(lstat);

/** Bytes the write stream gathers before it reports "full": large, so a fast link becomes few large writev(2)s. */
const WRITE_HIGH_WATER_BYTES = 4 * 1024 * 1024;

/**
 * O_NONBLOCK: open(2) of a FIFO for writing otherwise waits for a reader, forever, on a libuv worker thread (a
 * process with such a thread cannot even exit). With it, a FIFO nobody reads fails at once (ENXIO) and one that
 * is read opens at once. It changes nothing for a regular file or /dev/null. Windows has no such flag: 0 there.
 */
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

/** Where a capture writes. */
export interface CaptureTarget {
  readonly stream: Writable;
  /**
   * The bytes that reached the file so far, where the stream counts them itself (a file stream counts a short write
   * just before a full disk too). Absent for a pipe, whose `bytesWritten` includes what it still queues: the capture
   * counts the bytes of the writes that completed instead.
   */
  readonly bytesWritten?: () => number;
}

/**
 * Opens `path` for a capture (created, or truncated; with `append`, appended to) without ever waiting on it:
 * - a regular file or a character device (/dev/null, /dev/full) becomes a file write stream, whose `bytesWritten`
 *   counts every byte the OS took, a short write before a full disk included;
 * - a FIFO another program reads (`mkfifo`, then `xxd < fifo`) becomes a non-blocking pipe stream (libuv polls it,
 *   so a reader that stalls costs memory, bounded by the capture's backlog cap, never a thread); a FIFO nobody
 *   reads is refused, saying so;
 * - anything else (a block device, a socket) is refused as not a regular file.
 * Errors name the path.
 */
export async function openCaptureTarget(path: string, append: boolean): Promise<Result<CaptureTarget>> {
  const flags = constants.O_WRONLY | constants.O_CREAT | (append ? constants.O_APPEND : constants.O_TRUNC) | NON_BLOCKING;
  let fd: number;
  try {
    fd = await openFd(path, flags, 0o666);
  } catch (error) {
    // ENXIO: a FIFO (or a device) with nobody at the other end.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO' && (await isFifo(path))) return { ok: false, error: fifoWithoutReaderError(path) };
    return { ok: false, error: fileError(error, path) };
  }
  let stats: Stats;
  try {
    stats = await fstatFd(fd);
  } catch (error) {
    await closeFd(fd).catch(() => undefined);
    return { ok: false, error: fileError(error, path) };
  }
  // A libuv pipe: non-blocking and polled, never a thread in write(2).
  if (stats.isFIFO()) return ok({ stream: new Socket({ fd, readable: false, writable: true }) });
  if (stats.isFile() || stats.isCharacterDevice()) {
    const stream = createWriteStream(path, { fd, highWaterMark: WRITE_HIGH_WATER_BYTES });
    return ok({ stream, bytesWritten: () => stream.bytesWritten });
  }
  await closeFd(fd).catch(() => undefined);
  return { ok: false, error: notRegularFileError(path) };
}

async function isFifo(path: string): Promise<boolean> {
  try {
    return (await lstatPath(path)).isFIFO();
  } catch {
    return false;
  }
}
