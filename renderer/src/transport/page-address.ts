import { TOKEN_CHECK_PATH, WS_PATH } from '@shared/contract/transport';

/** The parts of `location` the transport reads; a parameter so tests and other hosts can supply their own. */
export interface PageLocation {
  readonly protocol: string;
  readonly host: string;
  readonly search: string;
}

/** The access token the host printed in the page address (`?token=`), if any. */
export function pageToken(location: PageLocation): string | undefined {
  return new URLSearchParams(location.search).get('token') || undefined;
}

export function wsUrlFor(location: PageLocation): string | undefined {
  const token = pageToken(location);
  if (!token) return undefined;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

/** The host's token check, on the page's own origin: 204 when the token is right, 401 when not. */
export function tokenCheckUrlFor(location: PageLocation, token: string): string {
  return `${location.protocol}//${location.host}${TOKEN_CHECK_PATH}?token=${encodeURIComponent(token)}`;
}
