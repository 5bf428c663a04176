import type { WebFrameMain } from 'electron';

/**
 * Where our renderer may legitimately be loaded from: the built index.html (file://) or, in development, the
 * electron-vite dev server. Anything else that ends up in one of our windows is untrusted.
 */
export interface RendererLocation {
  /** file:///…/out/renderer/index.html */
  readonly fileUrl: string;
  /** ELECTRON_RENDERER_URL, e.g. http://localhost:5173, when running `electron-vite dev`. */
  readonly devUrl?: string;
}

/** Is `url` our renderer page? Query and fragment do not matter; the file path or the dev origin must match. */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const expected = new URL(location.fileUrl);
    return parsed.pathname === expected.pathname && parsed.host === expected.host;
  }
  if (!location.devUrl) return false;
  try {
    return parsed.origin === new URL(location.devUrl).origin;
  } catch {
    return false;
  }
}

/**
 * An IPC message is trusted when it comes from the main frame of a window we created, and that frame shows our
 * renderer. Subframes, other windows and pages navigated elsewhere are refused, whatever they claim.
 */
export function isTrustedFrame(frame: WebFrameMain | null, mainFrameOfOurWindow: WebFrameMain | undefined, location: RendererLocation): boolean {
  if (!frame || !mainFrameOfOurWindow) return false;
  if (frame.parent !== null) return false;
  if (frame.processId !== mainFrameOfOurWindow.processId || frame.routingId !== mainFrameOfOurWindow.routingId) return false;
  return isRendererUrl(frame.url, location);
}
