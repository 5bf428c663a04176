import { spawnSync } from 'node:child_process';

/*
 * A private network namespace for multicast tests (`unshare -n`, as root): groups are joined there only, never on
 * the machine's own interfaces. Inside: lo, with IPv4 multicast routed through it (so a join without an interface
 * works), and a veth pair sd0 ⇄ sd1, a link like a real one: what is sent out of sd0 arrives at sd1 (IPv6 multicast
 * is not delivered over lo, and on lo "loopback off" cannot be seen, since sending on lo is receiving).
 */

/** Interfaces the namespace has: sd0 (10.77.0.1, fd77::1) and its peer sd1 (10.77.0.2, fd77::2). */
export const NETNS = {
  link: 'sd0',
  linkV4: '10.77.0.1',
  linkV6: 'fd77::1',
  peer: 'sd1',
} as const;

/** Shell lines that make the namespace's network; run first thing inside `unshare -n`. */
export const NETNS_SETUP = [
  'set -e',
  // No duplicate-address detection: addresses are usable at once, not "tentative" for a second or two.
  'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad',
  'echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad',
  'ip link set lo up',
  'ip link set lo multicast on',
  'ip route add 224.0.0.0/4 dev lo src 127.0.0.1',
  `ip link add ${NETNS.link} type veth peer name ${NETNS.peer}`,
  `ip addr add ${NETNS.linkV4}/24 dev ${NETNS.link}`,
  `ip addr add 10.77.0.2/24 dev ${NETNS.peer}`,
  `ip -6 addr add ${NETNS.linkV6}/64 dev ${NETNS.link} nodad`,
  `ip -6 addr add fd77::2/64 dev ${NETNS.peer} nodad`,
  `ip link set ${NETNS.link} up`,
  `ip link set ${NETNS.peer} up`,
].join('\n');

/** Why a private namespace cannot be made here (not root, no unshare, no veth), or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', NETNS_SETUP], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return `unshare could not run: ${probe.error.message}`;
  if (probe.status !== 0) return `unshare -n with the test network failed (status ${probe.status}): ${probe.stderr.trim().slice(0, 300)}`;
  return undefined;
}
