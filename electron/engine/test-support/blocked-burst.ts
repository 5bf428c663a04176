import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Processes } from './peers';
import { waitForOutput } from './peers';

/**
 * python3 sends `count` datagrams of `size` bytes (a 4-byte big-endian index, then zeros) to host:port as fast as it
 * can once told to, writes how many sendto() accepted into a file, and exits.
 */
const SENDER = `
import socket, sys
host, port, count, size, done = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_DGRAM)
padding = bytes(size - 4)
print('ready', flush=True)
sys.stdin.readline()
sent = 0
for i in range(count):
    try:
        s.sendto(i.to_bytes(4, 'big') + padding, (host, port))
        sent += 1
    except OSError:
        pass
with open(done + '.part', 'w') as f:
    f.write(str(sent))
import os
os.rename(done + '.part', done)
`;

/** Longest the event loop is held while the sender runs: far beyond its need (tens of ms), yet bounded. */
const MAX_BLOCK_MS = 10_000;

/**
 * The kernel drops datagrams when a socket's receive buffer is full, and that happens when its owner does not read:
 * this holds the test process's event loop (so the engine in it reads nothing) while a separate python3 process
 * sends a bounded burst to host:port, and lets go once the sender says it is done (or after MAX_BLOCK_MS). Returns
 * how many datagrams the sender's sendto() accepted: what the engine's rx plus the kernel's drops must add up to.
 */
export async function burstWhileBlocked(processes: Processes, host: string, port: number, count: number, size = 64): Promise<{ sent: number; blockedMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'socketdesk-burst-'));
  const done = path.join(dir, 'sent');
  try {
    const sender = processes.start('python3', ['-c', SENDER, host, String(port), String(count), String(size), done]);
    await waitForOutput(sender.stdout!, /ready/);
    sender.stdin!.write('go\n');
    const started = performance.now();
    // Busy on purpose: nothing else in this process runs until the burst is over.
    while (!existsSync(done) && performance.now() - started < MAX_BLOCK_MS) {
      // spin
    }
    const blockedMs = performance.now() - started;
    if (!existsSync(done)) throw new Error(`the sender did not finish within ${MAX_BLOCK_MS} ms`);
    return { sent: Number(readFileSync(done, 'utf8')), blockedMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
