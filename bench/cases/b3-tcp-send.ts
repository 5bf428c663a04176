import type { BenchCase } from '../harness/case';
import { cyclicTabsRows } from './b3-cyclic-tabs';
import { fileSendRows } from './b3-file-send';

/**
 * B3: sending at high rate. A 1 GiB file through session.sendFile (b3-file-send.ts), and the sends a user drives at
 * high rate: a cyclic send at 1 ms in 8 tabs at once (b3-cyclic-tabs.ts) and the auto-reply echo at 20 000 req/s,
 * which is B13 (b13-auto-reply.ts), run right after this case so its row sits in the B3 group.
 *
 * Issue 12 retired the former "64 B session.send ≥ 10× a naive write per message" row: each session.send is a UI
 * command whose answer says whether those bytes went out, so sends cannot be merged into one write without losing
 * their results; nobody drives 64 B session.send at the socket's rate by hand.
 */
export const b3TcpSend: BenchCase = {
  id: 'B3',
  title: 'Sending at high rate: 1 GiB file send; cyclic send at 1 ms in 8 tabs (auto-reply echo: B13, next)',
  async run(ctx) {
    return [...(await fileSendRows(ctx)), ...(await cyclicTabsRows(ctx))];
  },
};
