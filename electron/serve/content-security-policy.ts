import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';

/** The browser host's security headers: the shared page policy plus what a plain HTTP server must add. */
/** Every HTTP response carries these, error pages included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
