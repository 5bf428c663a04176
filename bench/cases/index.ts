import type { BenchCase } from '../harness/case';
import { b1UdpIngest } from './b1-udp-ingest';
import { b2TcpCapture } from './b2-tcp-capture';
import { b3TcpSend } from './b3-tcp-send';
import { b4Transport } from './b4-transport';
import { b5UiFlood } from './b5-ui-flood';
import { b6LogPane } from './b6-log-pane';
import { b7TcpClients } from './b7-tcp-clients';
import { b8Cyclic } from './b8-cyclic';
import { b9TabsFlood } from './b9-tabs-flood';
import { b10Soak } from './b10-soak';
import { b11Startup } from './b11-startup';
import { b12Framing } from './b12-framing';
import { b13AutoReply } from './b13-auto-reply';

/** Every case, in the order. */
export const CASES: readonly BenchCase[] = [
  b1UdpIngest,
  b2TcpCapture,
  b3TcpSend,
  // Right after B3: the auto-reply echo is one of the high-rate sends B3's group reports (issue 12).
  b13AutoReply,
  b4Transport,
  b5UiFlood,
  b6LogPane,
  b7TcpClients,
  b8Cyclic,
  b9TabsFlood,
  b10Soak,
  b11Startup,
  b12Framing,
];
