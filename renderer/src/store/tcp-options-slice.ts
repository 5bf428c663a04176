import { DEFAULT_TCP_OPTIONS_FORM, type TcpOptionsForm } from './tcp-options-form';
import type { ErrorSlot, SliceCreator, TcpOptionsSlice } from './tab-state';

const BACKOFF_SLOTS: readonly ErrorSlot[] = ['reconnectFirst', 'reconnectMax'];

/**
 * TCP options of a tab (issue 10): keep-alive, no-delay and the client's reconnect, applied when the session opens
 * (the controls are locked while it is open or retrying), plus what the session tells of its connection: retrying
 * (session.reconnect, tab-reducers.ts) and the peer's half-close.
 */
export const createTcpOptionsSlice: SliceCreator<TcpOptionsSlice> = () => (set, get) => ({
  ...DEFAULT_TCP_OPTIONS_FORM,
  reconnect: null,
  peerFinished: false,
  setTcpOptions(patch: Partial<TcpOptionsForm>) {
    if (get().sessionState !== 'closed') return; // the controls are disabled too; this guards keyboard/e2e paths
    // A back-off field that was wrong loses its error once the user edits it, or turns reconnect off.
    const { fieldErrors } = get();
    const stale = BACKOFF_SLOTS.filter((slot) => fieldErrors[slot] !== undefined);
    if (stale.length === 0) return set(patch);
    const kept = { ...fieldErrors };
    for (const slot of stale) delete kept[slot];
    set({ ...patch, fieldErrors: kept });
  },
});
