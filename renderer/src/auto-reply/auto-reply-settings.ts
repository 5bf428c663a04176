import { DEFAULT_MAX_REPLIES_PER_SECOND } from '@shared/contract/rules';
import type { TabSettings } from '@shared/contract/settings';
import type { TabState } from '../store/tab-state';
import { DEFAULT_AUTO_REPLY } from './auto-reply-slice';

type SavedAutoReply = NonNullable<TabSettings['autoReply']>;
type AutoReplyFields = Pick<TabState, 'autoReplyEnabled' | 'autoReplyRules' | 'autoReplyMaxPerSecond'>;

/** The tab store fields the workspace file keeps of 自动应答 (tab-settings.ts lists them as persisted). */
export const AUTO_REPLY_KEYS = ['autoReplyEnabled', 'autoReplyRules', 'autoReplyMaxPerSecond'] as const satisfies ReadonlyArray<keyof TabState>;

/** Left out of the file while the tab has no rules and the defaults: files of tabs that never used it stay as they were. */
export function autoReplySettingsOf(s: AutoReplyFields): { readonly autoReply?: SavedAutoReply } {
  if (s.autoReplyRules.length === 0 && s.autoReplyEnabled && s.autoReplyMaxPerSecond === DEFAULT_MAX_REPLIES_PER_SECOND) return {};
  return { autoReply: { enabled: s.autoReplyEnabled, rules: [...s.autoReplyRules], maxRepliesPerSecond: s.autoReplyMaxPerSecond } };
}

/** The rules of a saved tab; a file without them (older, or never used) gets none, on, and the default limit. */
export function autoReplyFormOf(saved: TabSettings['autoReply']): AutoReplyFields {
  if (saved === undefined) return DEFAULT_AUTO_REPLY;
  return { autoReplyEnabled: saved.enabled, autoReplyRules: saved.rules, autoReplyMaxPerSecond: saved.maxRepliesPerSecond };
}
