import type { CommandName } from '@shared/contract/commands';
import { fakeTransport, type Answer } from '../../store/test-support/fake-transport';
import { createWorkspace } from '../create-workspace';

/**
 * A workspace on the shared fake transport, for store and router tests: tab ids `tab-1`, `tab-2`, …; logs and
 * counters update at once (no animation frame); `clock.now` drives the early-event time limit.
 */
export function testWorkspace(answers: Partial<Record<CommandName, Answer>> = {}, fallback?: (name: CommandName) => Answer | undefined) {
  const fake = fakeTransport(answers, fallback);
  let tabs = 0;
  const clock = { now: 0 };
  const workspace = createWorkspace({ transport: fake.transport, schedule: (callback) => callback(), newTabId: () => `tab-${++tabs}`, now: () => clock.now });
  const first = workspace.store.getState().tabs[0]!;
  return { ...fake, clock, workspace, ws: workspace.store, store: first.store, log: first.log };
}
