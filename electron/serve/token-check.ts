import { TOKEN_CHECK_PATH } from '@shared';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokensMatch } from './access-policy';
import { SECURITY_HEADERS } from './content-security-policy';
import { sendPlain } from './static-files';

/**
 * Where a page asks whether its token is still good: GET TOKEN_CHECK_PATH?token=… → 204 when it is, 401 when
 * not. A browser's WebSocket API reports a refused upgrade (401, e.g. the host restarted with a new random token)
 * exactly like a host that is down, so without this the page could only say "cannot connect".
 */
export { TOKEN_CHECK_PATH };

/**
 * Answers a request for TOKEN_CHECK_PATH and returns true; returns false for any other path. The caller has
 * already checked the Host header (DNS rebinding). Nothing is cached: the answer changes when the host restarts.
 */
export function answerTokenCheck(req: IncomingMessage, res: ServerResponse, token: string): boolean {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (path !== TOKEN_CHECK_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendPlain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return true;
  }
  const given = queryAt === -1 ? null : new URLSearchParams(target.slice(queryAt + 1)).get('token');
  // The same constant-time comparison as the WebSocket upgrade: the answer must not leak how much matched.
  if (!tokensMatch(token, given)) {
    sendPlain(res, 401, 'Unauthorized');
    return true;
  }
  res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
  res.end();
  return true;
}
