import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One socket as `ss` lists it. */
export interface ListedSocket {
  readonly proto: 'tcp' | 'udp';
  /** LISTEN, ESTAB, UNCONN (a bound UDP socket), … */
  readonly state: string;
  /** "127.0.0.1:40000" */
  readonly local: string;
  /** The ids of the processes holding it. */
  readonly pids: readonly number[];
}

/**
 * Every TCP and UDP socket of this machine's network namespace with its owners (`ss -a -n -p -t -u`): lets a test
 * see from outside what a host process has bound, e.g. that a port is bound exactly once after a restart.
 */
export async function listSockets(): Promise<ListedSocket[]> {
  const { stdout } = await run('ss', ['-H', '-a', '-n', '-p', '-t', '-u'], { timeout: 5_000 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [proto, state, , , local] = line.trim().split(/\s+/);
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
      return { proto: proto === 'udp' ? 'udp' : 'tcp', state: state ?? '', local: local ?? '', pids } as const;
    });
}

/** The listening TCP sockets and bound UDP sockets on 127.0.0.1:`port`, whoever holds them. */
export async function boundOn(port: number): Promise<ListedSocket[]> {
  return (await listSockets()).filter((socket) => socket.local === `127.0.0.1:${port}` && (socket.state === 'LISTEN' || socket.proto === 'udp'));
}

/** The listening TCP sockets and bound UDP sockets process `pid` holds, as "tcp 127.0.0.1:41234" / "udp …", sorted. */
export async function boundBy(pid: number): Promise<string[]> {
  return (await listSockets())
    .filter((socket) => socket.pids.includes(pid) && (socket.state === 'LISTEN' || socket.proto === 'udp'))
    .map((socket) => `${socket.proto} ${socket.local}`)
    .sort();
}
