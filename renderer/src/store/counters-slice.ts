import { ZERO_TAB_COUNTERS } from './tab-counters';
import type { CountersSlice, SliceCreator } from './tab-state';

export const createCountersSlice: SliceCreator<CountersSlice> = (deps) => (set, get) => ({
  ...ZERO_TAB_COUNTERS,
  async resetCounters() {
    const { sessionId, sessionState } = get();
    if (sessionId && sessionState === 'open') {
      const result = await deps.transport.invoke('session.resetCounters', { sessionId });
      if (!result.ok) {
        get().showError('counters', result.error);
        return;
      }
    }
    // The next batch brings the engine's post-reset totals; until then zero is the truth, for earlier sessions too.
    set(ZERO_TAB_COUNTERS);
    get().clearErrors();
  },
});
