import { expect, type Page } from '@playwright/test';

/**
 * Test instrumentation for "the page's WebSocket to the host dropped" (a network blip, a host busy for a while):
 * an init script wraps the page's WebSocket constructor so a test can close the page's live link and refuse new
 * ones until it lets them through again. Everything else is the app's own code: the transport notices the drop,
 * says it is reconnecting, retries with back-off, and re-attaches to the workspace when a socket opens again.
 * Browser host only (the Electron host has no WebSocket).
 */
export class LinkControl {
  private constructor(private readonly page: Page) {}

  /** Installs the wrapper and reloads the page so its transport is created through it. */
  static async install(page: Page): Promise<LinkControl> {
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const control = { sockets: [] as WebSocket[], blocked: false };
      (window as unknown as { __linkControl: typeof control }).__linkControl = control;
      const Wrapped = function (this: unknown, url: string | URL, protocols?: string | string[]): WebSocket {
        // A constructor that throws is an attempt that failed; the transport retries later.
        if (control.blocked) throw new DOMException('the test holds the link down', 'NetworkError');
        const socket = new Native(url, protocols);
        control.sockets.push(socket);
        return socket;
      } as unknown as typeof WebSocket;
      Object.assign(Wrapped, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
      Wrapped.prototype = Native.prototype;
      window.WebSocket = Wrapped;
    });
    await page.reload();
    await expect(page.getByTestId('open-toggle')).toBeEnabled();
    return new LinkControl(page);
  }

  /**
   * Closes the page's open link and refuses new ones. Resolves on the socket's close event, which the browser
   * fires once the closing handshake is over: the host has the close frame and has let the page go.
   */
  async drop(): Promise<void> {
    await this.page.evaluate(async () => {
      const control = (window as unknown as { __linkControl: { sockets: WebSocket[]; blocked: boolean } }).__linkControl;
      control.blocked = true;
      const socket = control.sockets.at(-1);
      if (!socket || socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.addEventListener('close', () => resolve(), { once: true });
        socket.close();
      });
    });
  }

  /** Lets the transport's next attempt through (it comes by itself, after its back-off). */
  async restore(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __linkControl: { blocked: boolean } }).__linkControl.blocked = false;
    });
  }
}
