import { fail, ok, type Result } from './errors';

/*
 * 接收缓冲区 (SO_RCVBUF) of a UDP session (issue 11, "Data is never lost silently"): how many bytes of datagrams the
 * OS keeps for the socket while the engine has not read them. A burst larger than that is dropped by the kernel, and
 * the session says so (its drop counter and a log row). Asked for at open; the OS decides what it grants (Linux
 * doubles the request for its bookkeeping and caps it at net.core.rmem_max), and the session's log says what it got.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

export const RECEIVE_BUFFER_LIMITS = {
  /** Below this the OS raises the size anyway (Linux: 2 304 bytes), so a smaller request says nothing. */
  minBytes: KIB,
  /** More than any burst a person sends by hand; beyond it the memory is better given to a capture file. */
  maxBytes: 256 * MIB,
} as const;

/** The field's error: INVALID_ARGUMENT by the field, with the bounds in KiB (as the field is typed). */
export function receiveBufferRangeError<T>(): Result<T> {
  const { minBytes, maxBytes } = RECEIVE_BUFFER_LIMITS;
  return fail('INVALID_ARGUMENT', `The receive buffer must be from ${minBytes / KIB} KiB to ${maxBytes / MIB} MiB`, {
    field: 'recvBuffer',
    reason: 'recvBufferSize',
    minKiB: minBytes / KIB,
    maxKiB: maxBytes / KIB,
  });
}

/** A size in bytes the engine takes (whole, within the bounds). */
export function isReceiveBufferSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= RECEIVE_BUFFER_LIMITS.minBytes && bytes <= RECEIVE_BUFFER_LIMITS.maxBytes;
}

/**
 * The field as typed: empty = the OS's default (undefined); a number of KiB ("512", "1.5"), or with a unit: K / KiB /
 * KB for KiB, M / MiB / MB for MiB ("4M", "4 MiB"). Bytes, or the range error.
 */
export function parseReceiveBufferSize(text: string): Result<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return ok(undefined);
  const match = /^(\d{1,9}(?:[.,]\d{1,3})?)\s*(k|kb|kib|m|mb|mib)?$/i.exec(trimmed);
  if (!match) return receiveBufferRangeError();
  const unit = match[2]?.toLowerCase().startsWith('m') ? MIB : KIB;
  const bytes = Math.round(Number(match[1]!.replace(',', '.')) * unit);
  return isReceiveBufferSize(bytes) ? ok(bytes) : receiveBufferRangeError();
}

/** A size as the field shows it: "4M" for whole MiB, else KiB ("416", "1.5"). */
export function formatReceiveBufferSize(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB}M`;
  return String(Math.round((bytes / KIB) * 1000) / 1000);
}
