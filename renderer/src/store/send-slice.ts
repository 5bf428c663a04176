import { buildSendPayload } from '@shared/codecs/send-payload';
import { browserRandom } from '../send/browser-random';
import { convertSendText } from '../send/convert-send-text';
import { naturalOrderOf, NO_CHECKSUM } from '../send/checksum-choices';
import type { SendSlice, SliceCreator } from './tab-state';
import { historyItemOf, sendBytesOf, sendTargetOf } from './send-request';

/** A skip typed as anything but a whole number of bytes counts as 0; the schema's cap bounds the rest. */
const skipValue = (n: number): number => (Number.isSafeInteger(n) && n > 0 ? Math.min(n, 1 << 20) : 0);

export const createSendSlice: SliceCreator<SendSlice> = (deps) => (set, get) => ({
  sendMode: 'ascii',
  escapes: false,
  appendCrlf: false,
  sendEncoding: 'utf-8',
  checksumModel: NO_CHECKSUM,
  checksumOrder: 'le',
  checksumOutput: 'raw',
  checksumSkipStart: 0,
  checksumSkipEnd: 0,
  clearAfterSend: false,
  sendIndex: 0,
  sendInput: '',
  udpTarget: '127.0.0.1:8080',
  serverTarget: 'all',

  setSendMode(mode) {
    const s = get();
    if (mode === s.sendMode) return;
    const converted = convertSendText(s.sendInput, s.sendMode, { escapes: s.escapes, encoding: s.sendEncoding });
    set({ sendMode: mode, ...(converted !== undefined ? { sendInput: converted } : {}) });
  },
  setEscapes: (escapes) => set({ escapes }),
  setAppendCrlf: (appendCrlf) => set({ appendCrlf }),
  setSendEncoding: (sendEncoding) => set({ sendEncoding }),
  setChecksumModel: (checksumModel) =>
    set(checksumModel === NO_CHECKSUM ? { checksumModel } : { checksumModel, checksumOrder: naturalOrderOf(checksumModel) }),
  setChecksumOrder: (checksumOrder) => set({ checksumOrder }),
  setChecksumOutput: (checksumOutput) => set({ checksumOutput }),
  setChecksumSkip: ({ start, end }) =>
    set({ ...(start !== undefined ? { checksumSkipStart: skipValue(start) } : {}), ...(end !== undefined ? { checksumSkipEnd: skipValue(end) } : {}) }),
  setClearAfterSend: (clearAfterSend) => set({ clearAfterSend }),
  resetSendIndex: () => set({ sendIndex: 0 }),
  setSendInput: (sendInput) => set({ sendInput }),
  setUdpTarget: (udpTarget) => set({ udpTarget }),
  setServerTarget: (serverTarget) => set({ serverTarget }),
  pickHistory: (item) =>
    set({
      sendInput: item.text,
      sendMode: item.mode,
      escapes: item.escapes,
      appendCrlf: item.appendCrlf,
      sendEncoding: item.encoding,
      // An entry without a checksum turns it off and keeps the tab's other checksum options for later.
      ...(item.checksum
        ? {
            checksumModel: item.checksum.model,
            checksumOrder: item.checksum.order,
            checksumOutput: item.checksum.output,
            checksumSkipStart: item.checksum.skipStart,
            checksumSkipEnd: item.checksum.skipEnd,
          }
        : { checksumModel: NO_CHECKSUM }),
    }),
  clearSendInput: () => set({ sendInput: '' }),

  async send() {
    const s = get();
    const sendIndex = s.sendIndex;
    const bytes = sendBytesOf(s, sendIndex);
    if (!bytes.ok) return s.showError(bytes.slot, bytes.error);
    const target = sendTargetOf(s, 'send');
    if (!target.ok) return s.showError(target.slot, target.error);
    const result = await deps.transport.invoke('session.send', { ...target.value, bytes: bytes.value });
    if (!result.ok) {
      get().showError('send', result.error);
      return;
    }
    // Counted once it went out; a reset while it was on its way wins.
    if (get().sendIndex === sendIndex) set({ sendIndex: sendIndex + 1 });
    deps.workspace.remember(historyItemOf(s));
    // 发送完自动清空, here only: after a send the engine accepted (a refused one returned above and keeps the text
    // to be fixed), and only a box still holding what was sent (text typed while it was on its way is kept).
    // 历史发送 and 快捷指令 (sendSpec) do not send the box, and 循环发送 never empties it (repeat-slice.ts). pressSend
    // stops a running repeat rather than sending, so no single send happens during one from the UI; if one did, it
    // would follow the option like any other: the engine repeats the spec it was given at start, not the box.
    if (s.clearAfterSend && get().sendInput === s.sendInput) set({ sendInput: '' });
    get().clearErrors();
  },

  // A quick command is already kept by name, so it does not go into 历史发送; it does count as a send ({{counter}}).
  async sendSpec(spec) {
    const s = get();
    const sendIndex = s.sendIndex;
    const bytes = buildSendPayload(spec, { sendIndex, now: Date.now(), random: browserRandom });
    if (!bytes.ok) return s.showError('send', bytes.error);
    const target = sendTargetOf(s, 'send');
    if (!target.ok) return s.showError(target.slot, target.error);
    const result = await deps.transport.invoke('session.send', { ...target.value, bytes: bytes.value });
    if (!result.ok) return get().showError('send', result.error);
    if (get().sendIndex === sendIndex) set({ sendIndex: sendIndex + 1 });
    get().clearErrors();
  },
});
