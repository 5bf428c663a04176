import { appSettingsSchema } from '@shared';
import { mutatedArbitrary, wireValue } from '@shared/test-support/hostile-values';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_SETTINGS, SAMPLE_SETTINGS_V1 } from '../test-support/sample-settings';
import { settingsFromText } from './settings-text';

/** Whatever it returns is a workspace the schema accepts, or null: never a throw, never half a workspace. */
function expectWorkspaceOrNull(text: string): void {
  const read = settingsFromText(text);
  if (read.settings !== null) expect(appSettingsSchema.safeParse(read.settings).success).toBe(true);
  else expect(['not-json', 'not-ours']).toContain(read.problem);
}

describe('settingsFromText (the workspace file, hand-edited or not) never throws', () => {
  it('reads the samples of both versions', () => {
    expect(settingsFromText(JSON.stringify(SAMPLE_SETTINGS))).toEqual({ settings: SAMPLE_SETTINGS });
    expect(settingsFromText(`\uFEFF${JSON.stringify(SAMPLE_SETTINGS_V1)}`).settings?.tabs).toHaveLength(1);
  });

  it('on any text, and on any JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 })), fc.boolean(), (text, bom) => {
        expectWorkspaceOrNull(bom ? `\uFEFF${text}` : text);
      }),
      { numRuns: 500 },
    );
  });

  it('on the samples of version 1 and 2 with fields replaced, removed, added (hostile keys too) or wrapped', () => {
    let kept = 0;
    fc.assert(
      fc.property(mutatedArbitrary([SAMPLE_SETTINGS, SAMPLE_SETTINGS_V1], wireValue), (mutated) => {
        const text = JSON.stringify(mutated) ?? 'undefined';
        expectWorkspaceOrNull(text);
        if (settingsFromText(text).settings !== null) kept++;
      }),
      { numRuns: 400 },
    );
    // Some mutations leave a valid file (a field set to a value it may have): those must load, not fall to defaults.
    expect(kept).toBeGreaterThan(0);
  });

  it('a list whose length cannot be compared is a file that is not ours (zod threw on it)', () => {
    expect(settingsFromText('{"version": 2, "tabs": {"length": {"toString": 1}}}')).toEqual({ settings: null, problem: 'not-ours' });
    expect(settingsFromText('{"version": 1, "history": {"length": {"valueOf": 1, "toString": 2}}}')).toEqual({ settings: null, problem: 'not-ours' });
  });
});
