/**
 * The renderer's Content-Security-Policy, one text for both hosts: the browser host sends it with every response,
 * the Electron host adds it to http(s) responses (the dev server); pages from file:// get it from the meta tag in
 * renderer/index.html, which a test keeps equal to this.
 *
 * `connect-src 'self'` covers ws://<this host>:<port> (CSP Level 3 matches ws: against the page's http: origin,
 * [::1] included); the ws://loopback entries let a page from file:// reach a browser host; IPC needs none. No
 * ws://[::1]:* entry: CSP host-sources cannot spell IPv6 literals (CSP3 §2.3.1) and Chromium rejects it with an
 * error.
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
