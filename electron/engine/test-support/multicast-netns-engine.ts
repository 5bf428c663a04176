/**
 * Runs the real Engine inside a private network namespace (started by udp-multicast.test.ts with `unshare -n` and
 * NETNS_SETUP) and reports what its UDP sessions saw when they joined and left multicast groups: one JSON line per
 * scenario on stdout, `{ scenario, ok, observed | error }`. Every join happens here, in the namespace, never on the
 * machine's own interfaces. Waits are bounded; a datagram that must not arrive is waited for a fixed quiet time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AppError, CommandArgs, Result, SessionConfig } from '@shared';
import { EngineHarness } from './engine-harness';
import { NETNS } from './private-netns';
import { waitFor } from './wait-for';

/** How long a datagram that must not arrive is given to arrive anyway (loopback and veth deliver in microseconds). */
const QUIET_MS = 300;
const ARRIVE_MS = 3000;

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An error as the tests compare it: code and params (the message is English for the curious). */
const errorOf = (result: Result<unknown>): Pick<AppError, 'code' | 'params'> | null => (result.ok ? null : { code: result.error.code, params: result.error.params ?? {} });

class Desk {
  readonly harness = new EngineHarness();

  async open(config: Omit<Extract<SessionConfig, { kind: 'udp' }>, 'kind' | 'localPort'> & { localPort?: number }): Promise<{ id: string; port: number }> {
    const opened = await this.harness.must('session.open', { config: { kind: 'udp', localPort: 0, ...config } });
    return { id: opened.sessionId, port: opened.local.port };
  }

  send(sessionId: string, text: string, host: string, port: number): Promise<Result<{ bytesSent: number }>> {
    return this.harness.invoke('session.send', { sessionId, bytes: Buffer.from(text), to: { host, port } });
  }

  join(sessionId: string, membership: CommandArgs<'session.multicast.join'>['membership']): Promise<Result<null>> {
    return this.harness.invoke('session.multicast.join', { sessionId, membership });
  }

  leave(sessionId: string, membership: CommandArgs<'session.multicast.leave'>['membership']): Promise<Result<null>> {
    return this.harness.invoke('session.multicast.leave', { sessionId, membership });
  }

  /** "text@address:port" of every datagram the session received. */
  received(sessionId: string): string[] {
    return this.harness.framesOf(sessionId, 'rx').map((frame) => `${Buffer.from(frame.bytes).toString()}@${frame.peer.address}:${frame.peer.port}`);
  }

  async waitReceived(sessionId: string, count: number): Promise<string[]> {
    await waitFor(() => this.harness.framesOf(sessionId, 'rx').length >= count, ARRIVE_MS, `${count} datagrams on ${sessionId}`);
    return this.received(sessionId);
  }

  /** What arrived after a quiet time: for datagrams that must not come. */
  async receivedAfterQuiet(sessionId: string): Promise<string[]> {
    await sleep(QUIET_MS);
    return this.received(sessionId);
  }
}

/** IPv4: a group joined at open (no interface: the route through lo), left, joined again on lo by name. */
async function ipv4JoinLeave(): Promise<unknown> {
  const desk = new Desk();
  const receiver = await desk.open({ localAddress: '0.0.0.0', multicastGroups: [{ group: '239.1.2.3' }] });
  const sender = await desk.open({ localAddress: '0.0.0.0' });
  const sent = await desk.send(sender.id, 'one', '239.1.2.3', receiver.port);
  const joinedAtOpen = await desk.waitReceived(receiver.id, 1);
  const left = await desk.leave(receiver.id, { group: '239.1.2.3' });
  await desk.send(sender.id, 'two', '239.1.2.3', receiver.port);
  const afterLeave = await desk.receivedAfterQuiet(receiver.id);
  const rejoined = await desk.join(receiver.id, { group: '239.1.2.3', interface: 'lo' });
  await desk.send(sender.id, 'three', '239.1.2.3', receiver.port);
  const afterRejoin = await desk.waitReceived(receiver.id, 2);
  const snapshot = (await desk.harness.must('workspace.attach', {})).sessions.find((s) => s.sessionId === receiver.id)?.config;
  await desk.harness.dispose();
  return { senderPort: sender.port, sent: sent.ok, joinedAtOpen, left: left.ok, afterLeave, rejoined: rejoined.ok, afterRejoin, snapshot };
}

/** IPv6 over the veth link: a group joined while open on sd0, a sender whose multicast interface is sd0; then left. */
async function ipv6JoinLeave(): Promise<unknown> {
  const desk = new Desk();
  const receiver = await desk.open({ localAddress: '::' });
  const sender = await desk.open({ localAddress: '::', multicastInterface: NETNS.link });
  const joined = await desk.join(receiver.id, { group: 'FF15:0::1234', interface: NETNS.link });
  await desk.send(sender.id, 'six', 'ff15::1234', receiver.port);
  const received = await desk.waitReceived(receiver.id, 1);
  // The group as the user typed it in another spelling is the same group.
  const left = await desk.leave(receiver.id, { group: 'ff15::1234', interface: NETNS.link });
  await desk.send(sender.id, 'gone', 'ff15::1234', receiver.port);
  const afterLeave = await desk.receivedAfterQuiet(receiver.id);
  await desk.harness.dispose();
  return { senderPort: sender.port, joined: joined.ok, received, left: left.ok, afterLeave };
}

/**
 * An IPv4 group on a dual-stack socket (bound to "::"): joined, and its datagrams show the IPv4 sender. A dual-stack
 * sender's multicast interface steers its IPv4 datagrams too (sd0, not the route through lo), and can be reset.
 */
async function dualStackIpv4(): Promise<unknown> {
  const desk = new Desk();
  const receiver = await desk.open({ localAddress: '::' });
  const sender = await desk.open({ localAddress: '127.0.0.1' });
  const joined = await desk.join(receiver.id, { group: '239.1.2.7' });
  await desk.send(sender.id, 'four', '239.1.2.7', receiver.port);
  const received = await desk.waitReceived(receiver.id, 1);
  const onLink = await desk.open({ localAddress: '0.0.0.0', multicastGroups: [{ group: '239.1.2.12', interface: NETNS.link }] });
  const dualSender = await desk.open({ localAddress: '::', multicastInterface: NETNS.link });
  await desk.send(dualSender.id, 'steered', '239.1.2.12', onLink.port);
  const steered = await desk.waitReceived(onLink.id, 1);
  const reset = await desk.harness.invoke('session.udp.set', { sessionId: dualSender.id, options: { multicastInterface: '' } });
  await desk.harness.dispose();
  return { senderPort: sender.port, joined: joined.ok, received, dualSenderPort: dualSender.port, steered, reset: reset.ok };
}

/**
 * 本机回环 on the veth link, where it can be seen (on lo, sending is receiving): with loopback off neither another
 * session of this machine nor the sender itself gets the datagram; turned on while open, both do.
 */
async function loopback(family: 'IPv4' | 'IPv6'): Promise<unknown> {
  const desk = new Desk();
  const group = family === 'IPv4' ? '239.1.2.4' : 'ff15::4';
  const any = family === 'IPv4' ? '0.0.0.0' : '::';
  const membership = { group, interface: NETNS.link };
  const other = await desk.open({ localAddress: any, multicastGroups: [membership] });
  const sender = await desk.open({ localAddress: any, multicastInterface: NETNS.link, multicastLoopback: false, multicastGroups: [membership] });
  await desk.send(sender.id, 'quiet-other', group, other.port);
  await desk.send(sender.id, 'quiet-self', group, sender.port);
  const offOther = await desk.receivedAfterQuiet(other.id);
  const offSelf = desk.received(sender.id);
  const turnedOn = await desk.harness.invoke('session.udp.set', { sessionId: sender.id, options: { multicastLoopback: true } });
  await desk.send(sender.id, 'loud-other', group, other.port);
  await desk.send(sender.id, 'loud-self', group, sender.port);
  const onOther = await desk.waitReceived(other.id, 1);
  const onSelf = await desk.waitReceived(sender.id, 1);
  await desk.harness.dispose();
  return { offOther, offSelf, turnedOn: turnedOn.ok, onOther, onSelf };
}

/** A receiver outside the engine (python3) that reads the TTL / hop limit each datagram arrived with. */
const TTL_RECEIVER = `
import json, socket, struct, sys
family, group, iface, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if family == '4':
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('0.0.0.0', 0))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + socket.inet_aton(iface))
    s.setsockopt(socket.IPPROTO_IP, getattr(socket, 'IP_RECVTTL', 12), 1)
else:
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind(('::', 0))
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, group) + struct.pack('@I', socket.if_nametoindex(iface)))
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
print(json.dumps({'port': s.getsockname()[1]}), flush=True)
s.settimeout(5)
for _ in range(count):
    data, ancillary, _flags, _addr = s.recvmsg(2048, 256)
    ttl = next((int.from_bytes(payload[:4], sys.byteorder) for _level, _type, payload in ancillary), None)
    print(json.dumps({'data': data.decode(), 'ttl': ttl}), flush=True)
`;

/** TTL / hop limit: set at open, then changed while open; the receiver reads what each datagram carried. */
async function ttl(family: 'IPv4' | 'IPv6'): Promise<unknown> {
  const group = family === 'IPv4' ? '239.1.2.5' : 'ff15::5';
  const python = spawn('python3', ['-c', TTL_RECEIVER, family === 'IPv4' ? '4' : '6', group, family === 'IPv4' ? NETNS.linkV4 : NETNS.link, '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<{ port?: number; data?: string; ttl?: number }> = [];
  let stderr = '';
  python.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: python.stdout }).on('line', (line) => lines.push(JSON.parse(line) as (typeof lines)[number]));
  const exited = new Promise<void>((resolve) => python.on('close', () => resolve()));
  const desk = new Desk();
  try {
    const port = await waitFor(() => lines[0]?.port, ARRIVE_MS, `python3 receiver (${stderr})`);
    const sender = await desk.open({ localAddress: family === 'IPv4' ? '0.0.0.0' : '::', multicastInterface: NETNS.link, multicastTtl: 7 });
    await desk.send(sender.id, 'ttl-at-open', group, port);
    await waitFor(() => lines.length >= 2, ARRIVE_MS, 'first datagram at python3');
    const changed = await desk.harness.invoke('session.udp.set', { sessionId: sender.id, options: { multicastTtl: 3 } });
    await desk.send(sender.id, 'ttl-changed', group, port);
    await waitFor(() => lines.length >= 3, ARRIVE_MS, 'second datagram at python3');
    return { changed: changed.ok, received: lines.slice(1) };
  } finally {
    python.kill();
    await exited;
    await desk.harness.dispose();
  }
}

/** What the user is told when a join or an option cannot work. */
async function errors(): Promise<unknown> {
  const desk = new Desk();
  const v4 = await desk.open({ localAddress: '0.0.0.0' });
  const v6Loopback = await desk.open({ localAddress: '::1' });
  // An extra link that goes away between listing and use (a USB adapter unplugged).
  execFileSync('ip', ['link', 'add', 'usb0', 'type', 'veth', 'peer', 'name', 'usb1']);
  execFileSync('ip', ['addr', 'add', '10.88.0.1/24', 'dev', 'usb0']);
  // The OS lists an interface's addresses only while it is up and running (a veth: both ends up).
  execFileSync('ip', ['link', 'set', 'usb1', 'up']);
  execFileSync('ip', ['link', 'set', 'usb0', 'up']);
  const listed = (await desk.harness.must('system.interfaces', {})).interfaces.some((nic) => nic.name === 'usb0');
  execFileSync('ip', ['link', 'del', 'usb0']);
  const observed = {
    listed,
    notMulticast: errorOf(await desk.join(v4.id, { group: '10.0.0.1' })),
    notMulticastV6: errorOf(await desk.join(v4.id, { group: 'fe80::1' })),
    notIp: errorOf(await desk.join(v4.id, { group: 'all-hosts.example' })),
    ipv6OnIpv4: errorOf(await desk.join(v4.id, { group: 'ff15::1' })),
    ipv4OnIpv6: errorOf(await desk.join(v6Loopback.id, { group: '239.1.2.3' })),
    first: errorOf(await desk.join(v4.id, { group: '239.1.2.8' })),
    twice: errorOf(await desk.join(v4.id, { group: '239.1.2.8' })),
    noSuchInterface: errorOf(await desk.join(v4.id, { group: '239.1.2.9', interface: 'nosuch0' })),
    vanished: errorOf(await desk.join(v4.id, { group: '239.1.2.9', interface: 'usb0' })),
    vanishedSendInterface: errorOf(await desk.harness.invoke('session.udp.set', { sessionId: v4.id, options: { multicastInterface: 'usb0' } })),
    notJoined: errorOf(await desk.leave(v4.id, { group: '239.1.2.10' })),
    badTtl: errorOf(await desk.harness.invoke('session.udp.set', { sessionId: v4.id, options: { multicastTtl: 256 } })),
    tooMany: await tooManyGroups(desk, v4.id),
    openWithVanished: errorOf(await desk.harness.invoke('session.open', { config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 0, multicastGroups: [{ group: '239.1.2.11', interface: 'usb0' }] } })),
    noRoute: await withoutMulticastRoute(desk),
  };
  await desk.harness.dispose();
  return observed;
}

/** Joins until the engine says no: how many it took, and what it said. */
async function tooManyGroups(desk: Desk, sessionId: string): Promise<unknown> {
  const joined: boolean[] = [];
  for (let i = 0; i < 19; i++) joined.push((await desk.join(sessionId, { group: `239.2.0.${i + 1}` })).ok);
  const refused = errorOf(await desk.join(sessionId, { group: '239.2.0.200' }));
  return { joined: joined.filter(Boolean).length, refused };
}

/** Without the route for 224.0.0.0/4 the OS finds no interface for a join that names none. */
async function withoutMulticastRoute(desk: Desk): Promise<unknown> {
  execFileSync('ip', ['route', 'del', '224.0.0.0/4']);
  const fresh = await desk.open({ localAddress: '0.0.0.0' });
  return errorOf(await desk.join(fresh.id, { group: '239.3.0.1' }));
}

const SCENARIOS: Record<string, () => Promise<unknown>> = {
  ipv4JoinLeave,
  ipv6JoinLeave,
  dualStackIpv4,
  loopbackIPv4: () => loopback('IPv4'),
  loopbackIPv6: () => loopback('IPv6'),
  ttlIPv4: () => ttl('IPv4'),
  ttlIPv6: () => ttl('IPv6'),
  // Last: it deletes the multicast route.
  errors,
};

async function main(): Promise<void> {
  for (const [scenario, run] of Object.entries(SCENARIOS)) {
    try {
      print({ scenario, ok: true, observed: await run() });
    } catch (error) {
      print({ scenario, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}

void main().then(() => process.exit(0));
