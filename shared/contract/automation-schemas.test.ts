import { describe, expect, it } from 'vitest';
import { messageMatchSchema } from './automation-schemas';

describe('messageMatchSchema', () => {
  it('takes each kind in its shape and refuses anything else', () => {
    for (const spec of [
      { kind: 'any' },
      { kind: 'contains', pattern: 'OK', mode: 'text' },
      { kind: 'regex', source: '^a', ignoreCase: false },
      { kind: 'hex-pattern', pattern: '01 ??' },
      { kind: 'length', min: 0, max: 10 },
    ]) {
      expect(messageMatchSchema.safeParse(spec).success).toBe(true);
    }
    for (const bad of [{ kind: 'contains', pattern: 'OK' }, { kind: 'any', extra: 1 }, { kind: 'length', min: -1, max: 2 }, { kind: 'regex', source: 'x'.repeat(2000), ignoreCase: false }, 'any']) {
      expect(messageMatchSchema.safeParse(bad).success).toBe(false);
    }
  });
});
