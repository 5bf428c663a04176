import type { Transport } from '@shared/contract/transport';

/**
 * State of the link to the host process. Over Electron IPC it is always `open`; over WebSocket it starts
 * `connecting` and ends `closed` (the browser host owns the sessions, so a dropped socket means they are gone),
 * or is `no-token` when the page was opened without its access token.
 */
export type HostLinkState = 'connecting' | 'open' | 'closed' | 'no-token';

/** A Transport plus what the UI needs to say about the link itself. */
export interface RendererTransport extends Transport {
  linkState(): HostLinkState;
  onLinkState(listener: (state: HostLinkState) => void): () => void;
}
