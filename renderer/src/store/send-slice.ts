import { convertSendText } from '../send/build-send-bytes';
import type { SendSlice, SliceCreator } from './tab-state';
import { historyItemOf, sendBytesOf, sendTargetOf } from './send-request';

export const createSendSlice: SliceCreator<SendSlice> = (deps) => (set, get) => ({
  sendMode: 'ascii',
  escapes: false,
  appendCrlf: false,
  sendInput: '',
  udpTarget: '127.0.0.1:8080',
  serverTarget: 'all',

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
  pickHistory: (item) => set({ sendInput: item.text, sendMode: item.mode, escapes: item.escapes, appendCrlf: item.appendCrlf }),
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
    deps.workspace.remember(historyItemOf(s));
    get().clearErrors();
  },
});
