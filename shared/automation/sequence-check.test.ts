import { describe, expect, it } from 'vitest';
import { plainSendSpec } from '../contract/send-spec';
import { SEQUENCE_LIMITS, type SequenceStep } from '../contract/sequence';
import { blockDepths, compileSequence } from './sequence-check';

const send: SequenceStep = { kind: 'send', spec: plainSendSpec('x') };
const wait: SequenceStep = { kind: 'wait', ms: 1 };
const repeat = (count: number, steps: number): SequenceStep => ({ kind: 'repeat', count, steps });
const check = (steps: SequenceStep[]) => compileSequence({ name: 'S', steps, continueOnFailure: false }, 'utf-8');

describe('compileSequence (the one check of page and engine)', () => {
  it('counts the steps a run executes with every repeat expanded', () => {
    const compiled = check([repeat(3, 3), send, repeat(4, 1), wait, send]);
    expect(compiled.ok && compiled.value.expandedSteps).toBe(3 * (1 + 4) + 1);
    expect(compiled.ok && compiled.value.steps[0]).toEqual({ kind: 'repeat', count: 3, end: 4 });
  });

  it('takes blocks that nest up to the cap and end inside their outer block', () => {
    expect(check([repeat(2, 3), repeat(2, 2), send, send, wait]).ok).toBe(true);
    // The inner block ends exactly where the outer one does.
    expect(check([repeat(2, 2), repeat(2, 1), send]).ok).toBe(true);
    const deep = Array.from({ length: SEQUENCE_LIMITS.nestingDepth }, (_, i): SequenceStep => repeat(2, SEQUENCE_LIMITS.nestingDepth - i));
    expect(check([...deep, send]).ok).toBe(true);
    const tooDeep = Array.from({ length: SEQUENCE_LIMITS.nestingDepth + 1 }, (_, i): SequenceStep => repeat(1, SEQUENCE_LIMITS.nestingDepth + 1 - i));
    expect(check([...tooDeep, send])).toMatchObject({ ok: false, error: { params: { step: SEQUENCE_LIMITS.nestingDepth + 1, reason: 'nesting-too-deep' } } });
  });

  it('names the step and field of numbers out of range and of payloads and patterns that do not compile', () => {
    expect(check([{ kind: 'wait', ms: 1.5 }])).toMatchObject({ ok: false, error: { params: { step: 1, field: 'ms', reason: 'out-of-range', min: 0 } } });
    expect(check([send, { kind: 'expect', match: { kind: 'any' }, timeoutMs: 0, samePeer: false }])).toMatchObject({
      ok: false,
      error: { params: { step: 2, field: 'timeoutMs', reason: 'out-of-range', min: 1 } },
    });
    expect(check([repeat(0, 1), send])).toMatchObject({ ok: false, error: { params: { step: 1, field: 'count' } } });
    expect(check([{ kind: 'send', spec: plainSendSpec('0G', 'hex') }])).toMatchObject({ ok: false, error: { code: 'INVALID_HEX', params: { step: 1, field: 'data' } } });
    expect(check([send, { kind: 'expect', match: { kind: 'hex-pattern', pattern: '01 0' }, timeoutMs: 1, samePeer: false }])).toMatchObject({
      ok: false,
      error: { params: { step: 2, field: 'pattern', reason: 'invalid-hex-pattern', position: 4 } },
    });
    expect(check([send, { kind: 'expect', match: { kind: 'length', min: 5, max: 2 }, timeoutMs: 1, samePeer: false }])).toMatchObject({
      ok: false,
      error: { params: { step: 2, field: 'min', reason: 'min-above-max' } },
    });
  });

  it('encodes an expect\'s text pattern in the given encoding', () => {
    const compiled = compileSequence({ name: 'S', steps: [{ kind: 'expect', match: { kind: 'contains', pattern: '你好', mode: 'text' }, timeoutMs: 1, samePeer: false }], continueOnFailure: false }, 'gbk');
    if (!compiled.ok || compiled.value.steps[0]!.kind !== 'expect') throw new Error('expected an expect');
    expect(compiled.value.steps[0]!.match.test(Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3))).toBeDefined();
  });
});

describe('blockDepths (the editor\'s indentation)', () => {
  it('indents the steps each repeat covers, nested blocks deeper', () => {
    expect(blockDepths([repeat(2, 3), send, repeat(2, 1), wait, send])).toEqual([0, 1, 1, 2, 0]);
  });

  it('cuts a block that reaches past the end, and ignores one that covers nothing', () => {
    expect(blockDepths([send, repeat(2, 9), wait])).toEqual([0, 0, 1]);
    expect(blockDepths([repeat(2, 0), send])).toEqual([0, 0]);
  });
});
