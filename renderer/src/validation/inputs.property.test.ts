import { SERVER_LIMITS } from '@shared/contract/constants';
import { RELAY_LIMITS } from '@shared/contract/relay';
import { SESSION_TASK_LIMITS } from '@shared/contract/session-tasks';
import { RECONNECT_LIMITS } from '@shared/contract/tcp-options';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReconnectSeconds } from '../store/tcp-options-form';
import { parseMulticastTtl } from '../store/udp-addressing-form';
import { parseMaxClients, parsePeriod, parsePort, parseTarget, requireHost, requireHostPath } from './inputs';
import { parseRelayIdleTimeout, parseRelayMaxPairs } from './relay-inputs';

/**
 * The fields a person types numbers and addresses into (this folder's checks and the form checks beside their
 * slices in store/): whatever is typed, a Result, and a value only within the contract's bounds.
 */
const typed = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', ',', '-', '+', '−', ' ', 'e', 'x', ':', '[', ']', '/', '\\', 'C', '\u00a0', '٣'), maxLength: 12 }),
  fc.constantFrom('', ' ', '65535', '65536', '0', '00080', '1e3', '0x10', 'NaN', 'Infinity', '-0', '[::1]:80', '[::1]', '::1:80', 'a:b:c', '127.0.0.1:0', '/tmp', 'C:\\x', '\\\\s\\h', 'x'.repeat(5000)),
);

/** A Result whose value, when there is one, passes `check`; an error names the field it belongs to. */
function expectResult<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; params?: Readonly<Record<string, unknown>> } }, check: (value: T) => boolean): void {
  if (result.ok) expect(check(result.value), JSON.stringify(result.value)).toBe(true);
  else expect(typeof result.error.params?.field).toBe('string');
}

const whole = (min: number, max: number) => (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= min && n <= max);

describe('what is typed into a field never throws, and gives only values in bounds', () => {
  it('ports, hosts, targets and paths', () => {
    fc.assert(
      fc.property(typed, fc.boolean(), (text, allowAny) => {
        expectResult(parsePort(text, 'localPort', allowAny), whole(allowAny ? 0 : 1, 65535));
        expectResult(requireHost(text, 'remoteHost'), (host) => host.length > 0 && host.length <= 253);
        expectResult(parseTarget(text), ({ host, port }) => host.length > 0 && whole(1, 65535)(port));
        expectResult(requireHostPath(text, 'capturePath'), (path) => path.length > 0 && path.length <= SESSION_TASK_LIMITS.maxPathChars);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts, periods and times', () => {
    fc.assert(
      fc.property(typed, (text) => {
        expectResult(parseMaxClients(text), whole(1, SERVER_LIMITS.maxClients));
        expectResult(parsePeriod(text), whole(SESSION_TASK_LIMITS.minPeriodMs, SESSION_TASK_LIMITS.maxPeriodMs));
        expectResult(parseRelayMaxPairs(text), whole(1, RELAY_LIMITS.maxPairs));
        expectResult(parseRelayIdleTimeout(text), whole(RELAY_LIMITS.minUdpIdleTimeoutMs, RELAY_LIMITS.maxUdpIdleTimeoutMs));
        expectResult(parseReconnectSeconds(text, 'reconnectFirst'), whole(RECONNECT_LIMITS.minDelayMs, RECONNECT_LIMITS.maxDelayMs));
        expectResult(parseMulticastTtl(text), whole(0, 255));
      }),
      { numRuns: 2000 },
    );
  });
});
