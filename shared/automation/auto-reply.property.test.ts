import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLY_TARGETS, type AutoReplyRule } from '../contract/rules';
import { checksum, encoding, matchSpec, message, templateText } from './automation-test-support';
import { compileRules, previewReply } from './auto-reply';

const rule: fc.Arbitrary<AutoReplyRule> = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3'),
  name: fc.string({ minLength: 1, maxLength: 12 }),
  enabled: fc.boolean(),
  match: matchSpec,
  action: fc.oneof(
    fc.constant({ kind: 'echo' as const }),
    fc.record({
      kind: fc.constant('reply' as const),
      payload: fc.record({ text: templateText, mode: fc.constantFrom('ascii' as const, 'hex' as const), escapes: fc.boolean(), appendCrlf: fc.boolean(), checksum }),
    }),
  ),
  target: fc.constantFrom(...REPLY_TARGETS),
  delayMs: fc.nat(1000),
  then: fc.constantFrom('stop' as const, 'continue' as const),
});

describe('auto-reply rules: compileRules and the reply preview never throw', () => {
  it('on any rules of the schema’s shape, for any protocol, and any message and peer', () => {
    let compiled = 0;
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 3 }),
        encoding,
        fc.constantFrom('udp' as const, 'tcp-client' as const, 'tcp-server' as const, 'relay' as const),
        message,
        fc.string({ maxLength: 30 }),
        fc.nat(),
        (rules, enc, protocol, sample, peer, replyIndex) => {
          const result = compileRules({ enabled: true, rules, maxRepliesPerSecond: 10, encoding: enc }, protocol);
          if (!result.ok) {
            expect(result.error.code).toMatch(/^(INVALID_ARGUMENT|INVALID_HEX)$/);
            return;
          }
          compiled++;
          for (const one of result.value) {
            const preview = previewReply(one, sample, peer, { now: 1_700_000_000_000, replyIndex, random: (n) => new Uint8Array(n).fill(7) });
            expect(['no-match', 'bytes', 'error']).toContain(preview.kind);
          }
        },
      ),
      { numRuns: 3000 },
    );
    expect(compiled).toBeGreaterThan(0);
  });
});
