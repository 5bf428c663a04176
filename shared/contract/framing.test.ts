import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAMING_LIMITS } from '../codecs/framing/spec';
import { framingConfigFromSpec, framingSpecFromConfig, type FramingConfig } from './framing';
import { commandSchemas, tcpClientConfigSchema } from './schemas';

const DEFAULT_MAX = FRAMING_LIMITS.defaultMaxMessageBytes;

describe('FramingConfig: the framing as the contract carries it (delimiter as byte values)', () => {
  it.each<[FramingConfig, FramingConfig]>([
    [{ kind: 'none' }, { kind: 'none', maxMessageBytes: DEFAULT_MAX }],
    [{ kind: 'delimiter', delimiter: [13, 10], keep: 'strip' }, { kind: 'delimiter', delimiter: [13, 10], keep: 'strip', maxMessageBytes: DEFAULT_MAX }],
    [{ kind: 'fixed', size: 8, maxMessageBytes: 64 }, { kind: 'fixed', size: 8, maxMessageBytes: 64 }],
    [
      { kind: 'length', offset: 4, width: 2, order: 'be', adjust: 0, includesHeader: false },
      { kind: 'length', offset: 4, width: 2, order: 'be', adjust: 0, includesHeader: false, maxMessageBytes: DEFAULT_MAX },
    ],
    [{ kind: 'idle', gapMs: 20 }, { kind: 'idle', gapMs: 20, maxMessageBytes: DEFAULT_MAX }],
  ])('%o checks and comes back as %o', (config, shown) => {
    const spec = framingSpecFromConfig(config);
    if (!spec.ok) throw new Error(spec.error.message);
    expect(framingConfigFromSpec(spec.value)).toEqual(shown);
    if (config.kind === 'delimiter' && spec.value.kind === 'delimiter') expect(spec.value.delimiter).toEqual(Uint8Array.from(config.delimiter));
  });

  it.each([
    [[], 'spec', 'not-an-object'],
    [{ kind: 'lines' }, 'kind', 'unknown-kind'],
    [{ kind: 'none', size: 3 }, 'size', 'unknown-field'],
    [{ kind: 'fixed', size: 4, delimiter: [10] }, 'delimiter', 'unknown-field'],
    [{ kind: 'delimiter', delimiter: '0D0A', keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: Uint8Array.of(10), keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: [10, -1], keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: [10, 1.5], keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: ['10'], keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: [], keep: 'strip' }, 'delimiter', 'empty'],
    [{ kind: 'delimiter', delimiter: new Array<number>(65).fill(0), keep: 'strip' }, 'delimiter', 'too-long'],
    [{ kind: 'delimiter', delimiter: [10], keep: 'drop' }, 'keep', 'not-one-of'],
    [{ kind: 'delimiter', delimiter: [1, 2, 3], keep: 'strip', maxMessageBytes: 2 }, 'delimiter', 'exceeds-max-message'],
    [{ kind: 'fixed', size: 0 }, 'size', 'out-of-range'],
    [{ kind: 'length', offset: 0, width: 3, order: 'be', adjust: 0, includesHeader: false }, 'width', 'not-one-of'],
    [{ kind: 'idle', gapMs: 60_001 }, 'gapMs', 'out-of-range'],
  ])('refuses %o: field %s, reason %s', (value, field, reason) => {
    expect(framingSpecFromConfig(value)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field, reason } } });
  });

  it('refuses a huge delimiter array by its length, before reading it', () => {
    const huge = new Array<unknown>(1_000_000);
    expect(framingSpecFromConfig({ kind: 'delimiter', delimiter: huge, keep: 'strip' })).toMatchObject({
      ok: false,
      error: { params: { field: 'delimiter', reason: 'too-long', max: 64, length: 1_000_000 } },
    });
  });

  it('never throws, and what it accepts comes back the same through config → spec → config', () => {
    const byte = fc.integer({ min: -2, max: 258 });
    const anyConfig = fc.oneof(
      fc.record({ kind: fc.constant('delimiter'), delimiter: fc.array(byte, { maxLength: 70 }), keep: fc.constantFrom('strip', 'keep', 'x') }),
      fc.record({ kind: fc.constant('fixed'), size: fc.integer({ min: -1, max: 2_000_000 }) }),
      fc.record({ kind: fc.constant('idle'), gapMs: fc.integer({ min: 0, max: 70_000 }), maxMessageBytes: fc.integer({ min: 0, max: 100 }) }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(anyConfig, (value) => {
        const spec = framingSpecFromConfig(value);
        if (!spec.ok) return spec.error.code === 'INVALID_ARGUMENT';
        const shown = framingConfigFromSpec(spec.value);
        const again = framingSpecFromConfig(shown);
        return again.ok && JSON.stringify(framingConfigFromSpec(again.value)) === JSON.stringify(shown);
      }),
    );
  });
});

describe('framing in the schemas: the check runs in the host, issues carry field and reason', () => {
  it('a TCP client config takes a framing, and refuses a bad one at its field', () => {
    const base = { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 9 } as const;
    expect(tcpClientConfigSchema.safeParse({ ...base, framing: { kind: 'delimiter', delimiter: [10], keep: 'keep' } }).success).toBe(true);
    const bad = tcpClientConfigSchema.safeParse({ ...base, framing: { kind: 'fixed', size: 2_000_000 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ code: 'custom', path: ['framing', 'size'], params: { reason: 'out-of-range', min: 1, max: FRAMING_LIMITS.fixedSize } });
  });

  it('session.framing.set: a session id and a framing; a framing that is not an object is refused as a whole', () => {
    const schema = commandSchemas['session.framing.set'];
    expect(schema.safeParse({ sessionId: 's1', framing: { kind: 'idle', gapMs: 10 } }).success).toBe(true);
    expect(schema.safeParse({ sessionId: 's1', framing: 'crlf' }).error?.issues[0]).toMatchObject({ path: ['framing'], params: { reason: 'not-an-object' } });
    expect(schema.safeParse({ sessionId: 's1' }).success).toBe(false);
    expect(schema.safeParse({ sessionId: 's1', framing: { kind: 'none' }, extra: 1 }).success).toBe(false);
  });

  it('a UDP config with a framing is refused (reason not-tcp), not stripped', () => {
    const udp = commandSchemas['session.open'].safeParse({ config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 0, framing: { kind: 'none' } } });
    expect(udp.error?.issues[0]).toMatchObject({ path: ['config', 'framing'], params: { reason: 'not-tcp' } });
  });
});
