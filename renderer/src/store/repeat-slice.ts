import { parsePeriod } from '../validation/inputs';
import type { RepeatSlice, SliceCreator } from './tab-state';
import { historyItemOf, sendBytesOf, sendSpecOf, sendTargetOf } from './send-request';

/** 循环周期 when nothing was saved (ms), as NetAssist offers it. */
export const DEFAULT_REPEAT_PERIOD = '1000';

/**
 * 循环发送. The timer lives in the engine (DESIGN §3); this slice only starts and stops it and shows its
 * `repeat.state` progress. The target is that of a normal 发送, and the engine gets the SendSpec, not bytes: it
 * evaluates the spec per send, so template fields count the cyclic sends from #0 (DESIGN §3b).
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
    // The first cyclic send made here, only to say what is wrong before the engine is asked.
    const first = sendBytesOf(s, 0);
    if (!first.ok) return s.showError(first.slot, first.error);
    const target = sendTargetOf(s, 'send');
    if (!target.ok) return s.showError(target.slot, target.error);

    set({ isRepeatStarting: true, repeat: { running: true, sent: 0, skipped: 0 } });
    // Resolves with the first send's outcome: a start that cannot send (refused, no clients) says why.
    const result = await deps.transport.invoke('session.repeat.start', { ...target.value, spec: sendSpecOf(s), periodMs: period.value });
    set({ isRepeatStarting: false });
    if (!result.ok) {
      const { repeat } = get();
      if (repeat?.running) set({ repeat: { ...repeat, running: false } });
      get().showError('send', result.error);
      return;
    }
    deps.workspace.remember(historyItemOf(s));
    // 发送完自动清空 does not apply: the box is what is being repeated, and is still there after 停止 to send again.
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
