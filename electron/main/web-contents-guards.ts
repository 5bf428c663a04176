import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';
import { isRendererUrl, type RendererLocation } from './trusted-sender';

/**
 * Locks down every web contents the app ever creates (DESIGN §5; Electron security checklist,
 * https://www.electronjs.org/docs/latest/tutorial/security): no navigation away from the renderer, no new
 * windows, no <webview>, no permissions but writing text to the clipboard from our own page (the log's "copy rows"),
 * and the CSP on every http(s) response (the dev server; file:// pages carry it in a meta tag).
 */
export function installSecurityGuards(location: RendererLocation): void {
  const ses = session.defaultSession;

  ses.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    // electronegativity's CSP_GLOBAL_CHECK cannot read an imported constant here ("failed to parse CSP"); it
    // evaluates the same policy in renderer/index.html's meta tag, which content-security-policy.test.ts keeps equal.
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]; // eng-disable CSP_GLOBAL_CHECK (see above)
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });

  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.isMainFrame, details.requestingUrl, location)),
  );
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionGranted(permission, details.isMainFrame, details.requestingUrl, location),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  app.on('web-contents-created', (_event, contents) => guardContents(contents, location));
}

/**
 * The one permission the renderer needs: `clipboard-sanitized-write`, behind navigator.clipboard.writeText (copy
 * rows). Only for our page's main frame; reading the clipboard and everything else stays refused.
 */
export function isPermissionGranted(permission: string, isMainFrame: boolean, requestingUrl: string | undefined, location: RendererLocation): boolean {
  if (permission !== 'clipboard-sanitized-write' || !isMainFrame || requestingUrl === undefined) return false;
  return isRendererUrl(requestingUrl, location);
}

function guardContents(contents: WebContents, location: RendererLocation): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url, location)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
