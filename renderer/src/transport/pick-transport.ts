import type { PreloadBridge } from '@shared/contract/transport';
import type { RendererTransport } from './host-link';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport } from './ws-transport';

declare global {
  interface Window {
    /** Present only inside Electron, set by the preload. */
    readonly socketdesk?: PreloadBridge;
  }
}

/** Inside Electron the preload gives us IPC; in a browser we talk to the host that served the page. */
export function pickTransport(): RendererTransport {
  return window.socketdesk ? createIpcTransport(window.socketdesk) : createWsTransport(window.location);
}
