import type { Socket } from 'node:dgram';
import { readlinkSync } from 'node:fs';

/*
 * The one place that reaches into Node's private dgram state (issue 11). Node does not expose a UDP socket's file
 * descriptor; the kernel's per-socket drop counter (/proc/net/udp) is keyed by the socket's inode, which only the
 * descriptor leads to (/proc/self/fd/<fd> → "socket:[<inode>]"). Node keeps the handle under a symbol described as
 * 'state symbol' (lib/dgram.js, kStateSymbol; the same in Node 20 and 22), and the handle (UDPWrap) has an `fd`
 * getter. The deprecated `socket._handle` getter leads there too but prints DEP0112, so it is not used. Whatever is
 * missing (another Node, another OS) gives undefined: the session then shows no drop counter, and nothing fails.
 */

/** The part of Node's private dgram state read here. */
interface DgramState {
  readonly handle?: { readonly fd?: unknown } | null;
}

/** The socket's descriptor, or undefined where Node does not let it be read (see above). */
export function udpSocketFd(socket: Socket): number | undefined {
  const key = Object.getOwnPropertySymbols(socket).find((symbol) => symbol.description === 'state symbol');
  if (key === undefined) return undefined;
  const state = (socket as unknown as Record<symbol, DgramState | undefined>)[key];
  const fd = state?.handle?.fd;
  // Windows reports -1: a descriptor exists only on Unix.
  return typeof fd === 'number' && Number.isInteger(fd) && fd >= 0 ? fd : undefined;
}

/** The socket's inode as /proc/net/udp{,6} lists it (decimal), or undefined where the OS or Node does not tell. */
export function udpSocketInode(socket: Socket): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const fd = udpSocketFd(socket);
  if (fd === undefined) return undefined;
  try {
    return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
  } catch {
    // No /proc (a container without it), or the descriptor closed meanwhile.
    return undefined;
  }
}
