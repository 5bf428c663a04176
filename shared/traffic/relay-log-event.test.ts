import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../codecs/text';
import { decodeLogEvent, encodeLogEvent, type SessionLogEvent } from './log-event';
import { RELAY_CLOSE_HOWS, RELAY_PAIR_ENDS, RELAY_UPSTREAM_FAILURES } from './relay-log-event';

const every: SessionLogEvent[] = [
  { type: 'relay-pair-opened', transport: 'tcp', server: '127.0.0.1:9000' },
  { type: 'relay-pair-opened', transport: 'udp', server: '[::1]:9000' },
  { type: 'relay-upstream-connected', transport: 'tcp', via: '127.0.0.1:41234' },
  { type: 'relay-upstream-connected', transport: 'udp', via: '127.0.0.1:41234', dropped: 3 },
  ...RELAY_UPSTREAM_FAILURES.map((reason): SessionLogEvent => ({ type: 'relay-upstream-failed', transport: 'tcp', reason, server: 'plc:502', heldBytes: 12 })),
  { type: 'relay-upstream-failed', transport: 'udp', reason: 'error', server: 'plc:502', heldBytes: 0, code: 'EPERM' },
  ...RELAY_CLOSE_HOWS.map((how): SessionLogEvent => ({ type: 'relay-side-closed', side: 'client', how, endpoint: '127.0.0.1:5000' })),
  { type: 'relay-side-closed', side: 'server', how: 'error', endpoint: '127.0.0.1:9000', code: 'EPIPE' },
  ...RELAY_PAIR_ENDS.map((reason): SessionLogEvent => ({ type: 'relay-pair-closed', reason, clientToServer: 1, serverToClient: 2 })),
  { type: 'relay-pair-closed', reason: 'idle', clientToServer: 0, serverToClient: 0, idleMs: 60_000 },
  { type: 'relay-paused', transport: 'tcp' },
  { type: 'relay-paused', transport: 'udp', maxDatagrams: 1000, maxBytes: 4_194_304 },
  { type: 'relay-resumed', transport: 'udp', delivered: 5, dropped: 3, droppedBytes: 6 },
  { type: 'relay-queue-full', maxDatagrams: 1000, maxBytes: 4_194_304 },
  { type: 'relay-refused', transport: 'tcp', count: 4, limit: 2 },
];

describe('relay log events', () => {
  it('round-trip every type, reason and side', () => {
    for (const event of every) expect(decodeLogEvent(encodeLogEvent(event))).toEqual(event);
  });

  it('answer undefined for what this build cannot show', () => {
    for (const text of [
      '{"type":"relay-later"}',
      '{"type":"relay-pair-opened","transport":"sctp","server":"a:1"}',
      '{"type":"relay-pair-opened","transport":"tcp","server":""}',
      '{"type":"relay-side-closed","side":"middle","how":"fin","endpoint":"a:1"}',
      '{"type":"relay-side-closed","side":"client","how":"slam","endpoint":"a:1"}',
      '{"type":"relay-pair-closed","reason":"done","clientToServer":-1,"serverToClient":0}',
      '{"type":"relay-resumed","transport":"udp","delivered":1,"dropped":0}',
      '{"type":"relay-refused","transport":"tcp","count":1}',
      `{"type":"relay-upstream-connected","transport":"tcp","via":"${'x'.repeat(65)}"}`,
      '{"type":"relay-upstream-connected","transport":"tcp","via":"a\\nb"}',
    ]) {
      expect(decodeLogEvent(encodeUtf8(text))).toBeUndefined();
    }
  });

  it('keep only the fields each type defines', () => {
    const decoded = decodeLogEvent(encodeUtf8('{"type":"relay-pair-opened","transport":"tcp","server":"a:1","html":"<b>"}'));
    expect(decoded).toEqual({ type: 'relay-pair-opened', transport: 'tcp', server: 'a:1' });
  });
});
