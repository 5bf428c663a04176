import { fail } from '@shared/contract/errors';
import { buildSendBytes, convertSendText } from '../send/build-send-bytes';
import { parseTarget } from '../validation/inputs';
import type { HistoryItem, SendSlice, SliceCreator } from './app-state';

/** Recent sends kept in 历史发送. */
const HISTORY_LIMIT = 20;
const HISTORY_KEY = 'socketdesk.sendHistory';

function loadHistory(storage: Pick<Storage, 'getItem'> | undefined): HistoryItem[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((h): h is HistoryItem => typeof h?.text === 'string' && (h.mode === 'ascii' || h.mode === 'hex'))
      .slice(0, HISTORY_LIMIT);
  } catch {
    return []; // unreadable history is not worth an error line; it starts empty
  }
}

export const createSendSlice: SliceCreator<SendSlice> = (deps) => (set, get) => {
  const remember = (item: HistoryItem): void => {
    const history = [item, ...get().history.filter((h) => h.text !== item.text || h.mode !== item.mode)].slice(0, HISTORY_LIMIT);
    set({ history });
    try {
      deps.storage?.setItem(HISTORY_KEY, JSON.stringify(history));
    } catch {
      // storage full or blocked: history still works for this page
    }
  };

  return {
    sendMode: 'ascii',
    escapes: false,
    appendCrlf: false,
    sendInput: '',
    udpTarget: '127.0.0.1:8080',
    serverTarget: 'all',
    history: loadHistory(deps.storage),

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
