import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { NETNS, NETNS_SETUP, netnsUnavailable } from './test-support/private-netns';

/*
 * 组播 (issue 10) against the real Engine and real sockets, inside a private network namespace
 * (test-support/private-netns.ts): multicast-netns-engine.ts runs the scenarios there and prints what it saw; these
 * tests say what that must be. No group is ever joined on the machine's own interfaces.
 */

const SCRIPT = fileURLToPath(new URL('./test-support/multicast-netns-engine.ts', import.meta.url));
const unavailable = netnsUnavailable();
if (unavailable) console.warn(`[engine tests] multicast tests skipped: no private network namespace (${unavailable})`);

interface Report {
  readonly scenario: string;
  readonly ok: boolean;
  readonly observed?: Record<string, unknown>;
  readonly error?: string;
}

/** Runs every scenario in one namespace (a few seconds); each test reads its own. */
function runScenarios(): Promise<Map<string, Report>> {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', `${NETNS_SETUP}\nexec "${process.execPath}" --import tsx "${SCRIPT}"`], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reports = new Map<string, Report>();
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const report = JSON.parse(line) as Report;
      reports.set(report.scenario, report);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) resolve(reports);
      else reject(new Error(`the namespace engine exited with ${status}: ${stderr.slice(0, 2000)}`));
    });
  });
}

describe.skipIf(unavailable !== undefined)('UDP multicast (in a private network namespace)', () => {
  let reports: Map<string, Report>;

  beforeAll(async () => {
    reports = await runScenarios();
  }, 70_000);

  function observed(scenario: string): Record<string, unknown> {
    const report = reports.get(scenario);
    if (!report) throw new Error(`scenario ${scenario} did not report`);
    if (!report.ok) throw new Error(`scenario ${scenario} failed: ${report.error}`);
    return report.observed!;
  }

  it('IPv4: a group in the config is joined at open; leaving stops reception; joining again on lo by name resumes it', () => {
    const o = observed('ipv4JoinLeave');
    const from = `127.0.0.1:${o.senderPort}`;
    expect(o.sent).toBe(true);
    // Received frames show their source: the sender's address and port.
    expect(o.joinedAtOpen).toEqual([`one@${from}`]);
    expect(o.left).toBe(true);
    expect(o.afterLeave).toEqual([`one@${from}`]);
    expect(o.rejoined).toBe(true);
    expect(o.afterRejoin).toEqual([`one@${from}`, `three@${from}`]);
    // A page that attaches sees the groups joined now, not those of the config it opened with.
    expect(o.snapshot).toMatchObject({ kind: 'udp', localAddress: '0.0.0.0', multicastGroups: [{ group: '239.1.2.3', interface: 'lo' }] });
  });

  it('IPv6: joins ff15::1234 on an interface by name, receives from a session sending through it, and leaving stops it', () => {
    const o = observed('ipv6JoinLeave');
    const from = `${NETNS.linkV6}:${o.senderPort}`;
    expect(o.joined).toBe(true);
    expect(o.received).toEqual([`six@${from}`]);
    // Left in another spelling than it was joined with ("FF15:0::1234"): the same group.
    expect(o.left).toBe(true);
    expect(o.afterLeave).toEqual([`six@${from}`]);
  });

  it('a dual-stack socket (bound to ::) joins an IPv4 group and shows the IPv4 sender; its multicast interface steers IPv4 too', () => {
    const o = observed('dualStackIpv4');
    expect(o.joined).toBe(true);
    expect(o.received).toEqual([`four@127.0.0.1:${o.senderPort}`]);
    // Sent through sd0 (its address), not by the route through lo: the IPv4 part of the interface option took.
    expect(o.steered).toEqual([`steered@${NETNS.linkV4}:${o.dualSenderPort}`]);
    expect(o.reset).toBe(true);
  });

  it.each(['IPv4', 'IPv6'])('%s loopback off: neither another session nor the sender gets the datagram; turned on while open, both do', (family) => {
    const o = observed(`loopback${family}`);
    expect(o.offOther).toEqual([]);
    expect(o.offSelf).toEqual([]);
    expect(o.turnedOn).toBe(true);
    expect(o.onOther).toEqual([expect.stringMatching(/^loud-other@/)]);
    expect(o.onSelf).toEqual([expect.stringMatching(/^loud-self@/)]);
  });

  it.each(['IPv4', 'IPv6'])('%s TTL / hop limit: set at open (7), changed while open (3); the receiver reads it off each datagram', (family) => {
    const o = observed(`ttl${family}`);
    expect(o.changed).toBe(true);
    expect(o.received).toEqual([
      { data: 'ttl-at-open', ttl: 7 },
      { data: 'ttl-changed', ttl: 3 },
    ]);
  });

  it('says which group is wrong and why: not multicast (with the range), not an IP, the socket\'s family, joined twice, not joined', () => {
    const o = observed('errors');
    expect(o.notMulticast).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'notMulticast', group: '10.0.0.1', family: 'IPv4' } });
    expect(o.notMulticastV6).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'notMulticast', group: 'fe80::1', family: 'IPv6' } });
    expect(o.notIp).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'notIpGroup', group: 'all-hosts.example' } });
    expect(o.ipv6OnIpv4).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'multicastFamily', group: 'ff15::1', family: 'IPv6', address: '0.0.0.0' } });
    expect(o.ipv4OnIpv6).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'multicastFamily', group: '239.1.2.3', family: 'IPv4', address: '::1' } });
    expect(o.first).toBeNull();
    expect(o.twice).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'alreadyJoined', group: '239.1.2.8' } });
    expect(o.notJoined).toEqual({ code: 'NOT_FOUND', params: { field: 'group', reason: 'notJoined', group: '239.1.2.10' } });
    expect(o.badTtl).toEqual({ code: 'INVALID_ARGUMENT', params: { field: 'multicastTtl', reason: 'multicastTtl', min: 0, max: 255 } });
    expect(o.tooMany).toEqual({ joined: 19, refused: { code: 'INVALID_ARGUMENT', params: { field: 'group', reason: 'tooManyGroups', max: 20 } } });
  });

  it('names an interface that is not there, or vanished between listing and use, for a join, the send interface and an open', () => {
    const o = observed('errors');
    const gone = (name: string) => ({ code: 'EADDRNOTAVAIL', params: { field: 'interface', reason: 'interfaceGone', interface: name } });
    expect(o.listed).toBe(true);
    expect(o.noSuchInterface).toEqual(gone('nosuch0'));
    expect(o.vanished).toEqual(gone('usb0'));
    expect(o.vanishedSendInterface).toEqual(gone('usb0'));
    // A group of the config that cannot be joined fails the open, with the same words.
    expect(o.openWithVanished).toEqual(gone('usb0'));
    // No interface named and no multicast route: the OS found none, and the user is asked to choose one.
    expect(o.noRoute).toEqual({ code: 'EADDRNOTAVAIL', params: { field: 'interface', reason: 'noMulticastInterface', group: '239.3.0.1' } });
  });
});
