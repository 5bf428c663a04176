import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../codecs/text';
import { decodeLogEvent, encodeLogEvent, type SessionLogEvent } from './log-event';

describe('session log events', () => {
  it('round-trips a refused-clients event with and without its limit', () => {
    const events: SessionLogEvent[] = [
      { type: 'clients-refused', count: 3, reason: 'EMFILE', limit: 1024 },
      { type: 'clients-refused', count: 1, reason: 'EMFILE' },
    ];
    for (const event of events) expect(decodeLogEvent(encodeLogEvent(event))).toEqual(event);
  });

  it('answers undefined for what it does not know: another type, a bad count, an unknown reason, not JSON', () => {
    for (const text of ['{"type":"later"}', '{"type":"clients-refused","count":-1,"reason":"EMFILE"}', '{"type":"clients-refused","count":1,"reason":"X"}', 'null', '{']) {
      expect(decodeLogEvent(encodeUtf8(text))).toBeUndefined();
    }
  });

  it('never throws on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodeLogEvent(bytes) === undefined || typeof decodeLogEvent(bytes) === 'object'));
  });
});
