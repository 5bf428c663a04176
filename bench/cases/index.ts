import type { BenchCase } from '../harness/case';
import { b1UdpIngest } from './b1-udp-ingest';

/** Every case, in the order. */
export const CASES: readonly BenchCase[] = [b1UdpIngest];
