import { ZERO_COUNTERS } from '@shared/contract/session';
import type { CountersSlice, SliceCreator } from './tab-state';

export const createCountersSlice: SliceCreator<CountersSlice> = (deps) => (set, get) => ({
  counters: ZERO_COUNTERS,
  async resetCounters() {
    const { sessionId, sessionState } = get();
    if (sessionId && sessionState === 'open') {
      const result = await deps.transport.invoke('session.resetCounters', { sessionId });
      if (!result.ok) {
        get().showError('counters', result.error);
        return;
      }
    }
    // The next batch brings the engine's post-reset totals; until then zero is the truth.
    set({ counters: ZERO_COUNTERS });
    get().clearErrors();
  },
});
