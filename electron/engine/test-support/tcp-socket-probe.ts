import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The options of one of this process's TCP sockets, as the kernel has them (getsockopt). */
export interface TcpSocketProbe {
  readonly noDelay: boolean;
  readonly keepAlive: boolean;
  /** TCP_KEEPIDLE, TCP_KEEPINTVL (s) and TCP_KEEPCNT. */
  readonly keepIdleS: number;
  readonly keepIntervalS: number;
  readonly keepCount: number;
}

/*
 * Reads the options of a socket the engine owns without reaching into it: find the socket's inode in /proc/net/tcp*
 * by its ports, the descriptor of this process that is that inode, then let python3 take a copy of the descriptor
 * (pidfd_getfd, Linux 5.6+, needs ptrace rights over us: we are our own parent's child, running as root in CI) and
 * ask the kernel. Linux only; `probeUnavailable` says why it cannot run here.
 */
const PYTHON_PROBE = `
import ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
dup = libc.syscall(438, os.pidfd_open(int(sys.argv[1])), int(sys.argv[2]), 0)  # pidfd_getfd
if dup < 0: raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
s = socket.socket(fileno=dup)
print(*(s.getsockopt(level, name) for level, name in [(socket.IPPROTO_TCP, socket.TCP_NODELAY), (socket.SOL_SOCKET, socket.SO_KEEPALIVE), (socket.IPPROTO_TCP, socket.TCP_KEEPIDLE), (socket.IPPROTO_TCP, socket.TCP_KEEPINTVL), (socket.IPPROTO_TCP, socket.TCP_KEEPCNT)]))
s.detach()
`;

/** Why the probe cannot run on this machine, or undefined when it can. */
export function probeUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'reading socket options needs Linux (/proc, pidfd_getfd)';
  const python = spawnSync('python3', ['-c', 'import os; os.pidfd_open'], { encoding: 'utf8' });
  if (python.status !== 0) return `python3 with os.pidfd_open is not available: ${python.stderr || python.error?.message}`;
  return undefined;
}

/** The inode of the established TCP socket from `localPort` to `remotePort` (IPv4 or IPv6 table). */
function inodeOf(localPort: number, remotePort: number): string | undefined {
  const hex = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex(localPort)}`) && fields[2]?.endsWith(`:${hex(remotePort)}`)) return fields[9];
    }
  }
  return undefined;
}

/** The options of this process's TCP socket from `localPort` to `remotePort`. Throws when it is not found. */
export function probeTcpSocket(localPort: number, remotePort: number): TcpSocketProbe {
  const inode = inodeOf(localPort, remotePort);
  if (inode === undefined) throw new Error(`no TCP socket ${localPort} → ${remotePort} in /proc/net/tcp*`);
  const fd = readdirSync('/proc/self/fd').find((entry) => {
    try {
      return readlinkSync(`/proc/self/fd/${entry}`) === `socket:[${inode}]`;
    } catch {
      return false; // the descriptor readdir itself used, gone by now
    }
  });
  if (fd === undefined) throw new Error(`socket inode ${inode} is not one of this process's descriptors`);
  const probe = spawnSync('python3', ['-c', PYTHON_PROBE, String(process.pid), fd], { encoding: 'utf8', timeout: 5000 });
  if (probe.status !== 0) throw new Error(`getsockopt probe failed: ${probe.stderr}`);
  const [noDelay, keepAlive, keepIdleS, keepIntervalS, keepCount] = probe.stdout.trim().split(/\s+/).map(Number);
  return { noDelay: noDelay !== 0, keepAlive: keepAlive !== 0, keepIdleS: keepIdleS!, keepIntervalS: keepIntervalS!, keepCount: keepCount! };
}
