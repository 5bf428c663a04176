/**
 * SOCKETDESK_TOKEN: a token that stays the same across restarts of the browser host, so a page left open reconnects
 * to the restarted host by itself (a crash under a supervisor, a deliberate restart) instead of being told its token
 * went stale. From the environment, not an argument: a process's arguments are readable by every user of the
 * machine (ps), its environment only by its own user and root.
 */
export const TOKEN_ENV = 'SOCKETDESK_TOKEN';

/** As hard to guess as the random token (24 bytes = 32 base64url characters), if the characters are random. */
export const MIN_FIXED_TOKEN_CHARS = 32;
/** What the host compares at most (tokensMatch): a longer one could never match. */
export const MAX_FIXED_TOKEN_CHARS = 1024;

/** Characters that survive a URL's query unescaped (base64url, as `openssl rand -base64 …| tr '+/' '-_'` gives). */
const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;

export type FixedToken = { readonly ok: true; readonly token?: string } | { readonly ok: false; readonly message: string };

/** The fixed token the environment asks for (none: a random one per start), or why it cannot be used. Never throws. */
export function fixedTokenFrom(env: NodeJS.ProcessEnv): FixedToken {
  const value = env[TOKEN_ENV];
  if (value === undefined || value === '') return { ok: true };
  if (!TOKEN_CHARS.test(value)) return { ok: false, message: `${TOKEN_ENV} may hold only letters, digits, "-" and "_"` };
  if (value.length < MIN_FIXED_TOKEN_CHARS) {
    return { ok: false, message: `${TOKEN_ENV} is too short to be a secret: use at least ${MIN_FIXED_TOKEN_CHARS} random characters (it has ${value.length})` };
  }
  if (value.length > MAX_FIXED_TOKEN_CHARS) return { ok: false, message: `${TOKEN_ENV} is longer than ${MAX_FIXED_TOKEN_CHARS} characters` };
  return { ok: true, token: value };
}
