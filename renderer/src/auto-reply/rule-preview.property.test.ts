import { MESSAGE_MATCH_KINDS } from '@shared/automation/message-match';
import { checksum, encoding, hexText, regexSource, templateText } from '@shared/automation/automation-test-support';
import { REPLY_TARGETS } from '@shared/contract/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleDraft } from './rule-draft';
import { checkDraft, previewRule } from './rule-preview';

/** The editor's form as a person fills it: any text in every box. */
const draft: fc.Arbitrary<RuleDraft> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  name: fc.string({ maxLength: 80 }),
  enabled: fc.boolean(),
  matchKind: fc.constantFrom(...MESSAGE_MATCH_KINDS),
  pattern: fc.oneof(fc.string({ maxLength: 20 }), hexText),
  patternMode: fc.constantFrom('text' as const, 'hex' as const),
  regex: fc.oneof(regexSource, fc.string({ maxLength: 20 })),
  ignoreCase: fc.boolean(),
  hexPattern: hexText,
  minLength: fc.oneof(fc.string({ maxLength: 12 }), fc.nat().map(String)),
  maxLength: fc.oneof(fc.string({ maxLength: 12 }), fc.nat().map(String)),
  action: fc.constantFrom('reply' as const, 'echo' as const),
  payload: fc.record({ text: templateText, mode: fc.constantFrom('ascii' as const, 'hex' as const), escapes: fc.boolean(), appendCrlf: fc.boolean(), checksum }),
  target: fc.constantFrom(...REPLY_TARGETS),
  delayMs: fc.oneof(fc.string({ maxLength: 12 }), fc.nat().map(String)),
  then: fc.constantFrom('stop' as const, 'continue' as const),
});

describe('the auto-reply rule editor (checkDraft, previewRule) never throws', () => {
  it('on any form, any sample message and any peer', () => {
    let previewed = 0;
    fc.assert(
      fc.property(
        draft,
        encoding,
        fc.constantFrom('udp' as const, 'tcp-client' as const, 'tcp-server' as const),
        fc.record({ text: fc.oneof(fc.string({ maxLength: 30 }), hexText), mode: fc.constantFrom('ascii' as const, 'hex' as const) }),
        fc.string({ maxLength: 30 }),
        (form, enc, protocol, sample, peer) => {
          const checked = checkDraft(form, 0, enc, protocol);
          if (!checked.ok) {
            expect(typeof checked.error.params?.field).toBe('string');
            return;
          }
          const line = previewRule(checked.value, sample, enc, peer, 1_700_000_000_000, (n) => new Uint8Array(n));
          expect(['empty', 'sample-error', 'no-match', 'error', 'bytes']).toContain(line.kind);
          previewed++;
        },
      ),
      { numRuns: 2000 },
    );
    expect(previewed).toBeGreaterThan(0);
  });
});
