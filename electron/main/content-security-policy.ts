/**
 * The renderer's Content-Security-Policy. The Electron host adds it as a header to http(s) responses (the dev
 * server); pages from file:// get it from the meta tag in renderer/index.html. The browser host sends the same
 * text (electron/serve/content-security-policy.ts); a test keeps the copies equal. Hosts may not import each
 * other (DESIGN §1), hence one copy per host.
 *
 * The ws://loopback entries let the same page reach a browser host; IPC needs no connect-src at all. No
 * ws://[::1]:* entry: CSP host-sources cannot spell IPv6 literals (CSP3 §2.3.1); Chromium ignores it with an error.
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
