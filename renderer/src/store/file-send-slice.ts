import { requireHostPath } from '../validation/inputs';
import { pickHostPath } from './pick-host-path';
import type { FileSendSlice, SliceCreator } from './tab-state';
import { sendTargetOf } from './send-request';

/**
 * 打开文件数据源: the engine reads the file on its machine and sends it to the same target as 发送 (TCP as one
 * stream, UDP as datagrams). `send.progress` events fill the progress bar; the command's answer ends it.
 */
export const createFileSendSlice: SliceCreator<FileSendSlice> = (deps) => (set, get) => {
  /** A Browse… is waiting for the user: a second click does not open a second dialog. */
  let isBrowsing = false;

  return {
    sendFilePath: '',
    isFileSending: false,
    fileSend: null,

    setSendFilePath: (sendFilePath) => set({ sendFilePath }),

    async browseSendFilePath() {
      // The path is fixed while its file is being sent, as the field is.
      if (isBrowsing || get().isFileSending) return;
      isBrowsing = true;
      try {
        const picked = await pickHostPath(deps.transport, { purpose: 'sendFile', defaultPath: get().sendFilePath });
        if (!picked.ok) return get().showError('sendFilePath', picked.error);
        if (picked.value.path === null || get().isFileSending) return;
        set({ sendFilePath: picked.value.path });
        // The field's old complaint ("not found", "must be absolute") is about a path that is no longer there.
        if (get().fieldErrors.sendFilePath) get().clearErrors();
      } finally {
        isBrowsing = false;
      }
    },

    async sendFile() {
      const s = get();
      if (s.isFileSending) return;
      const path = requireHostPath(s.sendFilePath, 'sendFilePath');
      if (!path.ok) return s.showError('sendFilePath', path.error);
      const target = sendTargetOf(s, 'sendFilePath');
      if (!target.ok) return s.showError(target.slot, target.error);

      set({ isFileSending: true, fileSend: { path: path.value, bytesSent: 0, totalBytes: 0, done: false, cancelled: false } });
      get().clearErrors();
      const result = await deps.transport.invoke('session.sendFile', { ...target.value, path: path.value });
      const last = get().fileSend ?? { path: path.value, bytesSent: 0, totalBytes: 0, done: false, cancelled: false };
      if (!result.ok) {
        set({ isFileSending: false, fileSend: { ...last, done: true } });
        get().showError('sendFilePath', result.error);
        return;
      }
      const { bytesSent, cancelled } = result.value;
      set({ isFileSending: false, fileSend: { ...last, bytesSent, done: true, cancelled } });
    },

    async cancelSendFile() {
      const { sessionId, isFileSending } = get();
      if (!sessionId || !isFileSending) return;
      const result = await deps.transport.invoke('session.sendFile.cancel', { sessionId });
      if (!result.ok && result.error.code !== 'NOT_OPEN' && result.error.code !== 'NOT_FOUND') get().showError('sendFilePath', result.error);
    },
  };
};
