import { describe, expect, it } from 'vitest';
import { createToken } from './access-policy';
import { fixedTokenFrom, MIN_FIXED_TOKEN_CHARS } from './fixed-token';

describe('SOCKETDESK_TOKEN (a token that survives a restart of the browser host)', () => {
  it('unset or empty: none (each start makes a random one)', () => {
    expect(fixedTokenFrom({})).toEqual({ ok: true });
    expect(fixedTokenFrom({ SOCKETDESK_TOKEN: '' })).toEqual({ ok: true });
  });

  it('takes a token as long and of the same characters as the random ones', () => {
    const token = createToken();
    expect(token).toHaveLength(MIN_FIXED_TOKEN_CHARS);
    expect(fixedTokenFrom({ SOCKETDESK_TOKEN: token })).toEqual({ ok: true, token });
  });

  it('refuses a short one, characters a URL would change, and one longer than the host compares, saying why', () => {
    expect(fixedTokenFrom({ SOCKETDESK_TOKEN: 'secret' })).toEqual({
      ok: false,
      message: 'SOCKETDESK_TOKEN is too short to be a secret: use at least 32 random characters (it has 6)',
    });
    expect(fixedTokenFrom({ SOCKETDESK_TOKEN: `${'a'.repeat(40)}+/=` })).toEqual({ ok: false, message: 'SOCKETDESK_TOKEN may hold only letters, digits, "-" and "_"' });
    expect(fixedTokenFrom({ SOCKETDESK_TOKEN: 'a'.repeat(1025) })).toEqual({ ok: false, message: 'SOCKETDESK_TOKEN is longer than 1024 characters' });
  });
});
