import { parsePeriod } from '../validation/inputs';
import type { RepeatSlice, SliceCreator } from './tab-state';
import { historyItemOf, sendBytesOf, sendTargetOf } from './send-request';

/** 循环周期 when nothing was saved (ms), as NetAssist offers it. */
export const DEFAULT_REPEAT_PERIOD = '1000';

/**
 * 循环发送. The timer lives in the engine (DESIGN §3); this slice only starts and stops it and shows its
 * `repeat.state` progress. The bytes and the target are those of a normal 发送, taken when it starts.
 */
export const createRepeatSlice: SliceCreator<RepeatSlice> = (deps) => (set, get) => ({
  repeatEnabled: false,
  repeatPeriod: DEFAULT_REPEAT_PERIOD,
  repeat: null,
  isRepeatStarting: false,

  async setRepeatEnabled(on) {
    set({ repeatEnabled: on });
    if (!on && get().repeat?.running) await get().stopRepeat();
  },
  setRepeatPeriod: (repeatPeriod) => set({ repeatPeriod }),

  async pressSend() {
    const s = get();
    if (s.isRepeatStarting) return;
    if (s.repeat?.running) return s.stopRepeat();
    if (!s.repeatEnabled) return s.send();
    // Nothing starts on bad input: every check runs before the engine is asked.
    const period = parsePeriod(s.repeatPeriod);
    if (!period.ok) return s.showError('repeatPeriod', period.error);
    const bytes = sendBytesOf(s);
    if (!bytes.ok) return s.showError(bytes.slot, bytes.error);
    const target = sendTargetOf(s, 'send');
    if (!target.ok) return s.showError(target.slot, target.error);

    set({ isRepeatStarting: true, repeat: { running: true, sent: 0, skipped: 0 } });
    // Resolves with the first send's outcome: a start that cannot send (refused, no clients) says why.
    const result = await deps.transport.invoke('session.repeat.start', { ...target.value, bytes: bytes.value, periodMs: period.value });
    set({ isRepeatStarting: false });
    if (!result.ok) {
      const { repeat } = get();
      if (repeat?.running) set({ repeat: { ...repeat, running: false } });
      get().showError('send', result.error);
      return;
    }
    deps.workspace.remember(historyItemOf(s));
    get().clearErrors();
  },

  async stopRepeat() {
    const { sessionId, repeat } = get();
    // Shown stopped at once; the engine's final repeat.state brings the exact count.
    if (repeat?.running) set({ repeat: { ...repeat, running: false } });
    if (!sessionId) return;
    const result = await deps.transport.invoke('session.repeat.stop', { sessionId });
    // NOT_OPEN / NOT_FOUND: the session is gone, and its cyclic send with it.
    if (!result.ok && result.error.code !== 'NOT_OPEN' && result.error.code !== 'NOT_FOUND') get().showError('send', result.error);
  },
});
