import type { MessageKey } from '../i18n/i18n';
import type { HostLinkState } from '../transport/host-link';

/** Whether nothing can reach the engine now (the session controls are disabled and the banner says why). */
export function isLinkDown(state: HostLinkState): boolean {
  return state === 'reconnecting' || state === 'no-token' || state === 'bad-token' || state === 'closed';
}

/** The banner's sentence for a link that is down, or for a page another page took the workspace from. */
export function hostBannerKey(state: HostLinkState, isTakenOver: boolean): MessageKey | null {
  if (isTakenOver) return 'host.takenOver';
  switch (state) {
    case 'no-token':
      return 'host.noToken';
    case 'bad-token':
      return 'host.badToken';
    case 'reconnecting':
      return 'host.reconnecting';
    case 'closed':
      return 'host.closed';
    case 'connecting':
    case 'open':
      return null;
  }
}
