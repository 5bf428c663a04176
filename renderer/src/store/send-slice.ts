import { SETTINGS_LIMITS } from '@shared/contract/settings';
import { convertSendText } from '../send/build-send-bytes';
import type { HistoryItem, SendSlice, SliceCreator } from './app-state';
import { sendBytesOf, sendTargetOf } from './send-request';

/** Recent sends kept in 历史发送 (the settings file keeps at most SETTINGS_LIMITS.historyItems). */
const HISTORY_LIMIT = SETTINGS_LIMITS.historyItems;

/** 历史发送 after `item` was sent: it moves to the top, once. */
export function withRemembered(history: readonly HistoryItem[], item: HistoryItem): readonly HistoryItem[] {
  return [item, ...history.filter((h) => h.text !== item.text || h.mode !== item.mode)].slice(0, HISTORY_LIMIT);
}

export const createSendSlice: SliceCreator<SendSlice> = (deps) => (set, get) => ({
  sendMode: 'ascii',
  escapes: false,
  appendCrlf: false,
  sendInput: '',
  udpTarget: '127.0.0.1:8080',
  serverTarget: 'all',
  history: [],

  setSendMode(mode) {
    const s = get();
    if (mode === s.sendMode) return;
    const converted = convertSendText(s.sendInput, s.sendMode, s.escapes);
    set({ sendMode: mode, ...(converted !== undefined ? { sendInput: converted } : {}) });
  },
  setEscapes: (escapes) => set({ escapes }),
  setAppendCrlf: (appendCrlf) => set({ appendCrlf }),
  setSendInput: (sendInput) => set({ sendInput }),
  setUdpTarget: (udpTarget) => set({ udpTarget }),
  setServerTarget: (serverTarget) => set({ serverTarget }),
  pickHistory(index) {
    const item = get().history[index];
    if (item) set({ sendInput: item.text, sendMode: item.mode });
  },
  clearSendInput: () => set({ sendInput: '' }),

  async send() {
    const s = get();
    const bytes = sendBytesOf(s);
    if (!bytes.ok) return s.showError(bytes.slot, bytes.error);
    const target = sendTargetOf(s, 'send');
    if (!target.ok) return s.showError(target.slot, target.error);
    const result = await deps.transport.invoke('session.send', { ...target.value, bytes: bytes.value });
    if (!result.ok) {
      get().showError('send', result.error);
      return;
    }
    set({ history: withRemembered(get().history, { text: s.sendInput, mode: s.sendMode }) });
    get().clearErrors();
  },
});
