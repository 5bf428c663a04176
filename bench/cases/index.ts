import { pending, type BenchCase } from '../harness/case';
import { b1UdpIngest } from './b1-udp-ingest';
import { b2TcpCapture } from './b2-tcp-capture';
import { b3TcpSend } from './b3-tcp-send';
import { b4Transport } from './b4-transport';
import { b7TcpClients } from './b7-tcp-clients';
import { b8Cyclic } from './b8-cyclic';

/** Every case, in the order. */
export const CASES: readonly BenchCase[] = [
  b1UdpIngest,
  b2TcpCapture,
  b3TcpSend,
  b4Transport,
  pending(
    'B5',
    'UI under flood in Chromium (50k dgram/s × 30 s)',
    'not written yet: the Chromium half of the bench (browser host + Playwright, in-page longtask/rAF/heap probes) is the next step',
    'see issue (5 targets)',
  ),
  pending(
    'B6',
    'Log pane with 1 000 000 frames',
    'not measurable yet: the UI offers no log-capacity setting (ring fixed at DEFAULT_LOG_CAPACITY = 100 000 in renderer/src/log/log-store.ts)',
    'see issue (4 targets)',
  ),
  b7TcpClients,
  b8Cyclic,
];
