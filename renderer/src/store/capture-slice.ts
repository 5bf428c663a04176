import { requireHostPath } from '../validation/inputs';
import { pickHostPath } from './pick-host-path';
import type { CaptureSlice, SliceCreator } from './tab-state';

/**
 * 接收保存到文件. While the box is checked, every open session writes what it receives to the file (the engine
 * does the writing; `capture.state` reports the bytes). Checking the box starts a new file (created or
 * truncated); reopening the session while it stays checked appends to that same file, so closing and reopening
 * never wipes what was captured.
 */
export const createCaptureSlice: SliceCreator<CaptureSlice> = (deps) => (set, get) => {
  /** This checked period already started its file: later starts append instead of truncating it. */
  let hasStartedFile = false;
  /** A Browse… is waiting for the user: a second click does not open a second dialog. */
  let isBrowsing = false;

  const start = async (): Promise<void> => {
    const { sessionId, sessionState, capturePath } = get();
    if (!sessionId || sessionState !== 'open') return;
    const append = hasStartedFile;
    const result = await deps.transport.invoke('session.capture.start', { sessionId, path: capturePath, append });
    if (!result.ok) {
      set({ captureEnabled: false });
      get().showError('capturePath', result.error);
      return;
    }
    hasStartedFile = true;
    // Unchecked while the file was opening: stop what just started.
    if (!get().captureEnabled) await stop(sessionId);
  };

  const stop = async (sessionId: string): Promise<void> => {
    const result = await deps.transport.invoke('session.capture.stop', { sessionId });
    if (result.ok) {
      const { capture } = get();
      set({ capture: { active: false, path: result.value.path, bytes: Math.max(result.value.bytes, capture?.bytes ?? 0), pendingBytes: 0 } });
    } else if (result.error.code !== 'NOT_FOUND' && result.error.code !== 'NOT_OPEN') {
      // NOT_FOUND: no capture was running (it failed, or the session closed it).
      get().showError('capturePath', result.error);
    }
  };

  return {
    captureEnabled: false,
    capturePath: '',
    capture: null,

    async setCaptureEnabled(on) {
      const s = get();
      if (on === s.captureEnabled) return;
      if (!on) {
        set({ captureEnabled: false });
        if (s.sessionId && s.sessionState === 'open' && s.capture?.active) await stop(s.sessionId);
        return;
      }
      const path = requireHostPath(s.capturePath, 'capturePath');
      if (!path.ok) return s.showError('capturePath', path.error);
      hasStartedFile = false;
      set({ captureEnabled: true, capturePath: path.value, capture: null });
      get().clearErrors();
      await start();
    },
    setCapturePath: (capturePath) => set({ capturePath }),

    async browseCapturePath() {
      // The path is fixed while the box is checked, as the field is.
      if (isBrowsing || get().captureEnabled) return;
      isBrowsing = true;
      try {
        const picked = await pickHostPath(deps.transport, { purpose: 'capture', defaultPath: get().capturePath });
        if (!picked.ok) return get().showError('capturePath', picked.error);
        if (picked.value.path === null || get().captureEnabled) return;
        set({ capturePath: picked.value.path });
        // The field's old complaint ("not found", "must be absolute") is about a path that is no longer there.
        if (get().fieldErrors.capturePath) get().clearErrors();
      } finally {
        isBrowsing = false;
      }
    },

    async resumeCapture() {
      if (get().captureEnabled) await start();
    },
  };
};
