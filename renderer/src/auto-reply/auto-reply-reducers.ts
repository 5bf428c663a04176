import type { RulesStateEvent } from '@shared/contract/rules';
import type { SessionSnapshot } from '@shared/contract/workspace';
import type { TabPatch } from '../store/tab-reducers';
import type { TabState } from '../store/tab-state';
import { autoReplyKey } from './auto-reply-slice';

/** rules.state: the hit counts, stopped rules and loop guard of the tab's current session. */
export function reduceRulesState(s: TabState, event: RulesStateEvent): TabPatch | null {
  if (s.sessionId !== event.sessionId) return null;
  return { autoReplyState: { rules: event.rules, loopGuard: event.loopGuard } };
}

/**
 * The rules of a live session a page attaches to. A page that did not know the session (a reload, another page)
 * takes the engine's rules: they are what runs, newer than a workspace file saved a moment before. A page that
 * reconnected keeps its own (the user may have edited them while the link was down); the attach sends them then
 * if they differ (workspace-attach.ts → applyAutoReply).
 */
export function autoReplySnapshotPatch(s: TabState, snapshot: SessionSnapshot): TabPatch {
  const running = snapshot.autoReply;
  if (!running) return { autoReplyState: null, autoReplyInForce: null };
  const isNewToThisPage = s.sessionId !== snapshot.sessionId;
  return {
    autoReplyState: running.state,
    autoReplyInForce: autoReplyKey(running.config),
    ...(isNewToThisPage
      ? { autoReplyEnabled: running.config.enabled, autoReplyRules: running.config.rules, autoReplyMaxPerSecond: running.config.maxRepliesPerSecond }
      : {}),
  };
}
