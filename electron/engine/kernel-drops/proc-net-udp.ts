/*
 * /proc/net/udp and /proc/net/udp6 (Linux): one line per UDP socket of this network namespace, after a header line:
 *
 *    sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 *   16322: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3017930 2 000000002b24fa04 0
 *
 * The IPv6 file has the same columns (its addresses are longer words). Only two matter here: the socket's inode
 * (the 10th word) and `drops` (the 13th): datagrams the kernel threw away for that socket, nearly all because its
 * receive buffer was full. The kernel prints drops as an unsigned 32-bit number, so it wraps after 2³² − 1.
 */

const INODE_COLUMN = 9;
const DROPS_COLUMN = 12;
const DIGITS = /^\d+$/;

/**
 * The drops of every socket in `text` (the file's contents), by inode (a decimal string: inodes may exceed 2⁵³).
 * The header, and any line that is not a socket's (too few words, no "n:" slot, a column that is not a number),
 * are skipped: a kernel that prints something new must not make up a count.
 */
export function parseUdpDrops(text: string): Map<string, number> {
  const drops = new Map<string, number>();
  for (const line of text.split('\n')) {
    const parsed = parseLine(line);
    if (parsed) drops.set(parsed.inode, parsed.drops);
  }
  return drops;
}

/** The drops of the socket whose inode is `inode`, or undefined when `text` lists no such socket. */
export function udpDropsOfInode(text: string, inode: string): number | undefined {
  // Most lines are other sockets': look for the inode as a word before splitting any line into columns.
  const needle = ` ${inode} `;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return undefined;
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    const parsed = parseLine(text.slice(start, end < 0 ? text.length : end));
    if (parsed?.inode === inode) return parsed.drops;
    from = at + needle.length - 1;
  }
}

function parseLine(line: string): { readonly inode: string; readonly drops: number } | undefined {
  const words = line.trim().split(/\s+/);
  if (words.length <= DROPS_COLUMN || !/^\d+:$/.test(words[0]!)) return undefined;
  const inode = words[INODE_COLUMN]!;
  const drops = words[DROPS_COLUMN]!;
  if (!DIGITS.test(inode) || !DIGITS.test(drops)) return undefined;
  const count = Number(drops);
  return Number.isSafeInteger(count) ? { inode, drops: count } : undefined;
}

/** Drops added between two readings of the kernel's 32-bit counter (it may have wrapped once in between). */
export function dropsBetween(before: number, after: number): number {
  return after >= before ? after - before : after + 2 ** 32 - before;
}
