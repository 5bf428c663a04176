import { compileRule, compileRules } from '@shared/automation/auto-reply';
import { presetRule, presetUnavailable, type AutoReplyPresetId } from '@shared/automation/auto-reply-presets';
import { fail, ok, type Result } from '@shared/contract/errors';
import { AUTO_REPLY_LIMITS, DEFAULT_MAX_REPLIES_PER_SECOND, type AutoReplyConfig, type AutoReplyRule, type AutoReplyState } from '@shared/contract/rules';
import type { Protocol } from '@shared/contract/session';
import type { SliceCreator, TabState } from '../store/tab-state';

/** 自动应答 of a tab: its rules (kept in the workspace file), what the engine reports of them, and the edits. */
export interface AutoReplySlice {
  /** The panel's master switch. */
  readonly autoReplyEnabled: boolean;
  readonly autoReplyRules: readonly AutoReplyRule[];
  /** The loop guard's limit (replies per second). */
  readonly autoReplyMaxPerSecond: number;
  /** Hit counts, stopped rules and the loop guard, as the engine last said (rules.state); null before it said. */
  readonly autoReplyState: AutoReplyState | null;
  /** The rule set the open session runs (its JSON), so the same set is not sent twice; null = none or unknown. */
  readonly autoReplyInForce: string | null;
  setAutoReplyEnabled(on: boolean): void;
  /** A new limit; a number outside 1…1 000 000 is refused with an error by the control and changes nothing. */
  setAutoReplyMaxPerSecond(value: number): Result<null>;
  /**
   * Adds `rule` (a new id) or replaces the rule with its id, after compileRule checked it for this tab (its regex,
   * HEX pattern, reply template and target): a mistake comes back and nothing changes.
   */
  saveRule(rule: AutoReplyRule): Result<null>;
  deleteRule(id: string): void;
  moveRule(id: string, by: -1 | 1): void;
  setRuleEnabled(id: string, on: boolean): void;
  /** Appends the preset's rule named `name` (and turns the panel on); a preset the session kind cannot run is refused. */
  addPreset(preset: AutoReplyPresetId, name: string): Result<null>;
  /** Sends the rules to the tab's open session when they differ from what it runs; a mistake shows by the panel. */
  applyAutoReply(): Promise<void>;
}

export const DEFAULT_AUTO_REPLY = { autoReplyEnabled: true, autoReplyRules: [] as readonly AutoReplyRule[], autoReplyMaxPerSecond: DEFAULT_MAX_REPLIES_PER_SECOND };

type AutoReplyFields = Pick<TabState, 'autoReplyEnabled' | 'autoReplyRules' | 'autoReplyMaxPerSecond' | 'recvEncoding'>;

/** The rule set the engine runs for this tab: its rules, switch and limit, text in the tab's receive encoding. */
export function autoReplyConfigOf(s: AutoReplyFields): AutoReplyConfig {
  return { enabled: s.autoReplyEnabled, rules: s.autoReplyRules, maxRepliesPerSecond: s.autoReplyMaxPerSecond, encoding: s.recvEncoding };
}

export const autoReplyKey = (config: AutoReplyConfig): string => JSON.stringify(config);

/** The session kind rules are checked for: the open session's, else what the form would open. */
export const rulesProtocolOf = (s: Pick<TabState, 'sessionProtocol' | 'protocol' | 'sessionState'>): Protocol =>
  s.sessionState !== 'closed' && s.sessionProtocol ? s.sessionProtocol : s.protocol;

export function randomRuleId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `r-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The rule set session.open carries (`autoReply`), checked first: a rule this session kind cannot run (a chat room
 * on UDP) keeps the session from opening with that error, instead of opening one that silently does not answer.
 * Undefined when the tab has no rules.
 */
export function autoReplyForOpen(s: TabState, protocol: Protocol): Result<AutoReplyConfig | undefined> {
  if (s.autoReplyRules.length === 0) return ok(undefined);
  const config = autoReplyConfigOf(s);
  const checked = compileRules(config, protocol);
  return checked.ok ? ok(config) : checked;
}

export const createAutoReplySlice: SliceCreator<AutoReplySlice> = (deps) => (set, get) => {
  /** After every edit: the open session gets the new set (a click is one change, so no debounce is needed). */
  const changed = (patch: Partial<TabState>): void => {
    set(patch);
    void get().applyAutoReply();
  };
  const rules = (): readonly AutoReplyRule[] => get().autoReplyRules;

  return {
    ...DEFAULT_AUTO_REPLY,
    autoReplyState: null,
    autoReplyInForce: null,
    setAutoReplyEnabled: (on) => changed({ autoReplyEnabled: on }),
    setAutoReplyMaxPerSecond(value) {
      if (!Number.isInteger(value) || value < 1 || value > AUTO_REPLY_LIMITS.maxRepliesPerSecond) {
        return fail('INVALID_ARGUMENT', `The limit must be a whole number from 1 to ${AUTO_REPLY_LIMITS.maxRepliesPerSecond}`, {
          field: 'maxRepliesPerSecond',
          reason: 'rateLimit',
          max: AUTO_REPLY_LIMITS.maxRepliesPerSecond,
        });
      }
      changed({ autoReplyMaxPerSecond: value });
      return ok(null);
    },
    saveRule(rule) {
      const list = rules();
      const at = list.findIndex((r) => r.id === rule.id);
      if (at < 0 && list.length >= AUTO_REPLY_LIMITS.rules) {
        return fail('INVALID_ARGUMENT', `A tab holds at most ${AUTO_REPLY_LIMITS.rules} rules`, { field: 'rules', reason: 'tooManyRules', max: AUTO_REPLY_LIMITS.rules });
      }
      const index = at < 0 ? list.length : at;
      const checked = compileRule(rule, index, { encoding: get().recvEncoding }, rulesProtocolOf(get()));
      if (!checked.ok) return checked;
      changed({ autoReplyRules: at < 0 ? [...list, rule] : list.map((r) => (r.id === rule.id ? rule : r)) });
      return ok(null);
    },
    deleteRule: (id) => changed({ autoReplyRules: rules().filter((r) => r.id !== id) }),
    moveRule(id, by) {
      const list = [...rules()];
      const from = list.findIndex((r) => r.id === id);
      const to = from + by;
      if (from < 0 || to < 0 || to >= list.length) return;
      [list[from], list[to]] = [list[to]!, list[from]!];
      changed({ autoReplyRules: list });
    },
    setRuleEnabled: (id, on) => changed({ autoReplyRules: rules().map((r) => (r.id === id ? { ...r, enabled: on } : r)) }),
    addPreset(preset, name) {
      const unavailable = presetUnavailable(preset, rulesProtocolOf(get()));
      if (unavailable) return fail('INVALID_ARGUMENT', 'This preset needs a TCP server session', { field: 'target', reason: 'target-needs-server' });
      const saved = get().saveRule(presetRule(preset, randomRuleId(), name.slice(0, AUTO_REPLY_LIMITS.nameChars)));
      if (saved.ok && !get().autoReplyEnabled) get().setAutoReplyEnabled(true);
      return saved;
    },
    async applyAutoReply() {
      const s = get();
      if (s.sessionState !== 'open' || s.sessionId === null) return;
      const config = autoReplyConfigOf(s);
      const key = autoReplyKey(config);
      // A tab without rules whose session never had any has nothing to tell the engine.
      if (key === s.autoReplyInForce || (s.autoReplyInForce === null && config.rules.length === 0)) return;
      const checked = compileRules(config, rulesProtocolOf(s));
      if (!checked.ok) {
        get().showError('autoReply', checked.error);
        return;
      }
      const sessionId = s.sessionId;
      const result = await deps.transport.invoke('session.rules.set', { sessionId, ...config });
      // The session may have closed meanwhile: its answer is no longer this tab's business.
      if (get().sessionId !== sessionId) return;
      if (result.ok) {
        set({ autoReplyInForce: key, autoReplyState: result.value });
        if (get().fieldErrors.autoReply) get().clearErrors();
      } else if (result.error.code !== 'NOT_OPEN') {
        get().showError('autoReply', result.error);
      }
    },
  };
};
