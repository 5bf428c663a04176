import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../codecs/text';
import { CLOSE_REASONS } from '../contract/constants';
import { decodeLogEvent, encodeLogEvent, type SessionLogEvent } from './log-event';

const every: SessionLogEvent[] = [
  { type: 'clients-refused', count: 3, reason: 'EMFILE', limit: 1024 },
  { type: 'clients-refused', count: 1, reason: 'EMFILE' },
  { type: 'clients-refused', count: 7, reason: 'max-clients', limit: 2 },
  { type: 'client-connected' },
  ...(['peer-closed', 'reset', 'kicked', 'server-closed', 'error'] as const).map((reason): SessionLogEvent => ({ type: 'client-disconnected', reason })),
  { type: 'connected' },
  { type: 'connected', attempt: 3 },
  { type: 'peer-finished' },
  { type: 'connect-failed', attempt: 0, error: { code: 'ECONNREFUSED', params: { host: '127.0.0.1', port: 9 } } },
  { type: 'connect-failed', attempt: 12, error: { code: 'ETIMEDOUT' } },
  { type: 'reconnect-scheduled', attempt: 1, delayMs: 500 },
  ...CLOSE_REASONS.map((reason): SessionLogEvent => ({ type: 'disconnected', reason })),
  { type: 'message-cut', reason: 'max-size', bytes: 1_048_576 },
  { type: 'message-cut', reason: 'flush', bytes: 0 },
  { type: 'framing-changed', framing: { kind: 'none', maxMessageBytes: 1_048_576 } },
  { type: 'framing-changed', framing: { kind: 'delimiter', delimiter: [13, 10], keep: 'strip', maxMessageBytes: 4096 } },
  { type: 'framing-changed', framing: { kind: 'fixed', size: 8, maxMessageBytes: 1_048_576 } },
  { type: 'framing-changed', framing: { kind: 'length', offset: 6, width: 2, order: 'be', adjust: 0, includesHeader: false, maxMessageBytes: 1_048_576 } },
  { type: 'framing-changed', framing: { kind: 'idle', gapMs: 50, maxMessageBytes: 1_048_576 } },
  { type: 'loop-guard', state: 'tripped', limit: 1000, dropped: 0 },
  { type: 'loop-guard', state: 'cleared', limit: 5, dropped: 12_345 },
  { type: 'rule-disabled', rule: 'Hello', error: { code: 'INVALID_ARGUMENT', message: 'm', params: { reason: 'checksumRange', length: 2 } } },
  { type: 'capture-failed', bytes: 65_536, error: { code: 'INTERNAL', params: { path: '/mnt/full/cap.bin', reason: 'ENOSPC' } } },
  { type: 'capture-failed', bytes: 0, error: { code: 'EACCES' } },
  { type: 'client-send-failed', error: { code: 'QUEUE_FULL', params: { queued: 524_288, size: 262_144, max: 16_777_216, endpoint: '127.0.0.1:5000' } } },
  { type: 'client-send-failed', error: { code: 'CLOSED_DURING_SEND', params: { reason: 'reset', endpoint: '[::1]:5000' } } },
];

describe('session log events', () => {
  it('round-trips every event type and reason', () => {
    for (const event of every) expect(decodeLogEvent(encodeLogEvent(event))).toEqual(event);
  });

  it('answers undefined for what it does not know: another type, a bad count, an unknown reason, not JSON', () => {
    for (const text of [
      '{"type":"later"}',
      '{"type":"clients-refused","count":-1,"reason":"EMFILE"}',
      '{"type":"clients-refused","count":1,"reason":"X"}',
      '{"type":"client-disconnected","reason":"user"}',
      '{"type":"client-disconnected"}',
      '{"type":"disconnected","reason":"kicked"}',
      '{"type":"disconnected","reason":7}',
      '{"type":"message-cut","reason":"idle","bytes":3}',
      '{"type":"message-cut","reason":"flush","bytes":-1}',
      '{"type":"message-cut","reason":"flush"}',
      '{"type":"framing-changed"}',
      '{"type":"framing-changed","framing":{"kind":"lines"}}',
      '{"type":"framing-changed","framing":{"kind":"delimiter","delimiter":[],"keep":"strip"}}',
      '{"type":"framing-changed","framing":{"kind":"fixed","size":4,"script":"x"}}',
      '{"type":"connect-failed","attempt":1,"error":{"code":"EWHAT"}}',
      '{"type":"connect-failed","attempt":-1,"error":{"code":"ECONNREFUSED"}}',
      '{"type":"connect-failed","attempt":1}',
      '{"type":"reconnect-scheduled","attempt":1}',
      '{"type":"reconnect-scheduled","attempt":1,"delayMs":0.5}',
      '{"type":"loop-guard","state":"melted","limit":1,"dropped":0}',
      '{"type":"loop-guard","state":"tripped","limit":-1,"dropped":0}',
      '{"type":"rule-disabled","rule":"x","error":{"code":"EWHAT","message":"m"}}',
      '{"type":"rule-disabled","error":{"code":"INTERNAL","message":"m"}}',
      '{"type":"capture-failed","bytes":-1,"error":{"code":"INTERNAL"}}',
      '{"type":"capture-failed","bytes":1.5,"error":{"code":"INTERNAL"}}',
      '{"type":"capture-failed","bytes":1,"error":{"code":"ENOSPACE"}}',
      '{"type":"capture-failed","bytes":1}',
      '{"type":["connected"]}',
      '"connected"',
      'null',
      '{',
    ]) {
      expect(decodeLogEvent(encodeUtf8(text))).toBeUndefined();
    }
  });

  it('keeps only the fields a type defines', () => {
    expect(decodeLogEvent(encodeUtf8('{"type":"client-connected","note":"<b>x</b>"}'))).toEqual({ type: 'client-connected' });
    expect(decodeLogEvent(encodeUtf8('{"type":"disconnected","reason":"reset","code":"ECONNRESET"}'))).toEqual({ type: 'disconnected', reason: 'reset' });
    expect(decodeLogEvent(encodeUtf8('{"type":"message-cut","reason":"flush","bytes":2,"peek":"ab"}'))).toEqual({ type: 'message-cut', reason: 'flush', bytes: 2 });
    // An error's params keep only string and number values; its message and OS detail are not the row's to show.
    expect(
      decodeLogEvent(encodeUtf8('{"type":"connect-failed","attempt":2,"error":{"code":"ECONNREFUSED","message":"x","detail":"y","params":{"host":"h","port":9,"o":{},"n":null}}}')),
    ).toEqual({ type: 'connect-failed', attempt: 2, error: { code: 'ECONNREFUSED', params: { host: 'h', port: 9 } } });
    expect(decodeLogEvent(encodeUtf8('{"type":"connected","attempt":"3"}'))).toEqual({ type: 'connected' });
    // A framing row shows the framing as checked: the limit filled in where the row left it out.
    expect(decodeLogEvent(encodeUtf8('{"type":"framing-changed","framing":{"kind":"fixed","size":4},"by":"x"}'))).toEqual({
      type: 'framing-changed',
      framing: { kind: 'fixed', size: 4, maxMessageBytes: 1_048_576 },
    });
  });

  it('never throws on any bytes, nor on any JSON object with a known type', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodeLogEvent(bytes) === undefined || typeof decodeLogEvent(bytes) === 'object'));
    const types = fc.constantFrom(
      'clients-refused',
      'client-connected',
      'client-disconnected',
      'connected',
      'disconnected',
      'message-cut',
      'framing-changed',
      'peer-finished',
      'connect-failed',
      'reconnect-scheduled',
    );
    fc.assert(
      fc.property(types, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), (type, rest) => {
        const decoded = decodeLogEvent(encodeUtf8(JSON.stringify({ ...rest, type })));
        return decoded === undefined || decoded.type === type;
      }),
    );
  });
});

describe('auto-reply log events', () => {
  it('a rule-disabled row keeps only string and number params of its error', () => {
    const text = '{"type":"rule-disabled","rule":"R","error":{"code":"INVALID_ARGUMENT","message":"m","params":{"a":1,"b":"x","c":{"d":1}},"stack":"s"}}';
    expect(decodeLogEvent(encodeUtf8(text))).toEqual({ type: 'rule-disabled', rule: 'R', error: { code: 'INVALID_ARGUMENT', message: 'm', params: { a: 1, b: 'x' } } });
  });
});

describe('decodeLogEvent on hostile JSON', () => {
  it('never throws on an object of any known type, relay and automation rows included, whatever its fields hold', () => {
    const types = fc.constantFrom(
      'clients-refused', 'client-connected', 'client-disconnected', 'connected', 'disconnected', 'message-cut', 'framing-changed', 'peer-finished',
      'connect-failed', 'reconnect-scheduled', 'loop-guard', 'rule-disabled', 'capture-failed', 'client-send-failed', 'relay-pair-opened', 'relay-upstream-connected', 'relay-upstream-failed',
      'relay-side-closed', 'relay-pair-closed', 'relay-paused', 'relay-resumed', 'relay-queue-full', 'relay-refused', 'relay-other',
    );
    const field = fc.constantFrom('reason', 'count', 'limit', 'attempt', 'error', 'params', 'code', 'transport', 'server', 'via', 'heldBytes', 'side', 'how', 'endpoint', 'rule', 'phase', 'framing', '__proto__', 'constructor', 'length');
    const hostile = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom<unknown>({ length: { toString: 1 } }, { code: 'INVALID_ARGUMENT', message: 'm', params: { a: { toString: 1 } } }, 'x'.repeat(100), -1, 2 ** 53, 1.5),
    );
    fc.assert(
      fc.property(types, fc.dictionary(field, hostile, { maxKeys: 6 }), (type, rest) => {
        const decoded = decodeLogEvent(encodeUtf8(JSON.stringify({ ...rest, type })));
        if (decoded !== undefined) expect(decoded.type).toBe(type);
      }),
      { numRuns: 3000 },
    );
  });
});
