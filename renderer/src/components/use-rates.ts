import { useEffect, useState } from 'react';
import { RateMeter, ZERO_RATES, type Rates } from '../store/rate-meter';
import { useTabStore } from '../store/tab-context';

/** How often the rates are recomputed (ms): four times a second reads as live without costing anything. */
const RATE_SAMPLE_MS = 250;

/** The active tab's rx/tx rates, from its exact counters, on a timer of their own (not per batch). */
export function useRates(): Rates {
  const store = useTabStore();
  const [rates, setRates] = useState<Rates>(ZERO_RATES);
  useEffect(() => {
    const meter = new RateMeter();
    const tick = (): void => setRates(meter.sample(performance.now(), store.getState().counters));
    tick();
    const timer = setInterval(tick, RATE_SAMPLE_MS);
    return () => clearInterval(timer);
  }, [store]);
  return rates;
}
