/**
 * The page's Content-Security-Policy and companion headers, sent with every static response of the browser host.
 *
 * The same policy is set by the Electron host (electron/main/content-security-policy.ts) and by the meta tag in
 * renderer/index.html; a browser applies every policy it is given, so they must agree or the stricter one wins
 * silently. A test compares the three texts. `connect-src 'self'` covers ws://<this host>:<port> (CSP Level 3
 * matches ws: against the page's http: origin, [::1] included), the loopback entries cover a page loaded from
 * file://. There is no ws://[::1]:* entry: CSP host-sources cannot spell IPv6 literals (CSP3 §2.3.1), and
 * Chromium logs such a source as an error and ignores it.
 * Hosts may not import each other (DESIGN §1), hence one copy per host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every HTTP response carries, error pages included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
