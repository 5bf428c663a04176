import { fail } from '@shared/contract/errors';
import { SETTINGS_LIMITS } from '@shared/contract/settings';
import { buildSendBytes, convertSendText } from '../send/build-send-bytes';
import { parseTarget } from '../validation/inputs';
import type { HistoryItem, SendSlice, SliceCreator } from './app-state';

/** Recent sends kept in 历史发送 (the settings file keeps at most SETTINGS_LIMITS.historyItems). */
const HISTORY_LIMIT = SETTINGS_LIMITS.historyItems;

export const createSendSlice: SliceCreator<SendSlice> = (deps) => (set, get) => {
  const remember = (item: HistoryItem): void => {
    const history = [item, ...get().history.filter((h) => h.text !== item.text || h.mode !== item.mode)].slice(0, HISTORY_LIMIT);
    set({ history });
  };

  return {
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
      const bytes = buildSendBytes(s.sendInput, { mode: s.sendMode, escapes: s.escapes, appendCrlf: s.appendCrlf });
      if (!bytes.ok) {
        s.showError('data', bytes.error);
        return;
      }
      if (s.sessionState !== 'open' || !s.sessionId) {
        const notOpen = fail('NOT_OPEN', 'The session is not open');
        if (!notOpen.ok) s.showError('send', notOpen.error);
        return;
      }
      const protocol = s.sessionProtocol ?? s.protocol;
      let extra: { to?: { host: string; port: number }; client?: string } = {};
      if (protocol === 'udp') {
        const target = parseTarget(s.udpTarget);
        if (!target.ok) {
          s.showError('sendTarget', target.error);
          return;
        }
        extra = { to: target.value };
      } else if (protocol === 'tcp-server') {
        extra = { client: s.serverTarget || 'all' };
      }
      const result = await deps.transport.invoke('session.send', { sessionId: s.sessionId, bytes: bytes.value, ...extra });
      if (!result.ok) {
        get().showError('send', result.error);
        return;
      }
      remember({ text: s.sendInput, mode: s.sendMode });
      get().clearErrors();
    },
  };
};
