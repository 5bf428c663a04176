import { describe, expect, it } from 'vitest';
import { PROTOCOLS, ZERO_COUNTERS } from '@shared/contract/session';
import { NO_TRAFFIC, PROTOCOL_OPTIONS } from './session-values';

describe('session values restated for the renderer', () => {
  it('match the contract', () => {
    expect([...PROTOCOL_OPTIONS].sort()).toEqual([...PROTOCOLS].sort());
    expect(NO_TRAFFIC).toEqual(ZERO_COUNTERS);
  });
});
