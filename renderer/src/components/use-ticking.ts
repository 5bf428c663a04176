import { useEffect, useState } from 'react';

/** How often a countdown redraws (ms): a quarter second reads as live and costs nothing. */
const TICK_MS = 250;

/** Date.now(), refreshed every TICK_MS while `active` (a countdown on screen); still otherwise. */
export function useTicking(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
