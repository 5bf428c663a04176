import type { Schedule } from './backoff';

/** The slice of `fetch` the token check uses; a parameter so tests play the host. */
export type FetchLike = (url: string, init: { readonly cache: 'no-store'; readonly signal: AbortSignal }) => Promise<{ readonly status: number }>;

/** `rejected`: 401, the token is stale. `valid`: 204. `unknown`: no answer, or one that says nothing about it. */
export type TokenVerdict = 'valid' | 'rejected' | 'unknown';

/** A host that neither answers nor refuses (hung, or a black-holed network) must not stall the retries. */
export const TOKEN_CHECK_TIMEOUT_MS = 5_000;

/**
 * Asks the host whether the page's token is still good. A browser hides why a WebSocket upgrade failed (a 401
 * and a host that is down look the same: close code 1006), so this plain request tells them apart. Calls `done`
 * exactly once unless cancelled; the returned function cancels (and aborts the request).
 */
export function checkToken(fetchImpl: FetchLike, url: string, schedule: Schedule, done: (verdict: TokenVerdict) => void): () => void {
  const controller = new AbortController();
  let settled = false;
  // Both ends may race (an answer, the timeout, a cancel): the first one wins and silences the others.
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    cancelTimeout();
    return true;
  };
  const cancelTimeout = schedule(() => {
    if (settle()) done('unknown');
    controller.abort();
  }, TOKEN_CHECK_TIMEOUT_MS);
  // Through a promise so that a fetch which throws synchronously is a failed check too, not a crash.
  Promise.resolve()
    .then(() => fetchImpl(url, { cache: 'no-store', signal: controller.signal }))
    .then(
      (response) => {
        if (settle()) done(response.status === 401 ? 'rejected' : response.status === 204 ? 'valid' : 'unknown');
      },
      () => {
        if (settle()) done('unknown');
      },
    );
  return () => {
    if (settle()) controller.abort();
  };
}
