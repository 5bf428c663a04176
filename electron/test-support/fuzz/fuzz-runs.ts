/**
 * numRuns of a fuzz property: `runs` by default, kept small enough for `npm test` on a busy two-core machine;
 * SOCKETDESK_FUZZ_RUNS=N multiplies every fuzz test's runs by N for a longer campaign by hand.
 */
export function fuzzRuns(runs: number): number {
  const factor = Number(process.env.SOCKETDESK_FUZZ_RUNS ?? '1');
  return Number.isFinite(factor) && factor > 0 ? Math.ceil(runs * factor) : runs;
}
