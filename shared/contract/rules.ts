import type { MessageMatchSpec } from '../automation/message-match';
import type { TextEncoding } from '../codecs/encoding-list';
import { MAX_MARK_NAME_CHARS } from '../traffic/frame-mark';
import type { AppError } from './errors';
import type { SendSpec } from './send-spec';

/*
 * 自动应答 (auto-reply rules, DESIGN §3b): a tab's ordered rules, run by the engine on every whole message the
 * session receives (a UDP datagram, a TCP message as framed), so they keep up with the wire and keep answering
 * while no page is attached. The page sends them with session.open (`autoReply`) and session.rules.set; the engine
 * reports hits, rules it had to disable and its loop guard with `rules.state`, and in the session snapshot.
 */

/** Who gets a reply: the message's sender, every client (TCP server), or every client but the sender (TCP server). */
export type ReplyTarget = 'sender' | 'all' | 'others';
export const REPLY_TARGETS: readonly ReplyTarget[] = ['sender', 'all', 'others'];

/**
 * A reply's payload: the send box's SendSpec without its encoding. Text is written in the rule set's encoding (the
 * tab's), so `{{$1}}` goes back in the encoding the message was read in. Its template may use the reply fields
 * ({{$0}}…{{$9}}, {{msg}}, {{peer}}) besides the send box's; {{counter}} counts the rule's replies.
 */
export type ReplyPayload = Omit<SendSpec, 'encoding'>;

export type RuleAction =
  | { readonly kind: 'reply'; readonly payload: ReplyPayload }
  /** The message's bytes back, unchanged. */
  | { readonly kind: 'echo' };

export interface AutoReplyRule {
  /** Stable across edits (the page's): hit counts follow it. */
  readonly id: string;
  /** Shown in the rules list and as the mark of the reply's log rows ("自动应答 Echo"). */
  readonly name: string;
  readonly enabled: boolean;
  readonly match: MessageMatchSpec;
  readonly action: RuleAction;
  readonly target: ReplyTarget;
  /** Wait this long before replying (ms); 0 = at once. */
  readonly delayMs: number;
  /** After this rule matched: also try the rules below it ('continue'), or not ('stop'). */
  readonly then: 'stop' | 'continue';
}

/** A tab's rules as the engine runs them. */
export interface AutoReplyConfig {
  /** The panel's master switch: off, no rule runs (the rules are kept). */
  readonly enabled: boolean;
  readonly rules: readonly AutoReplyRule[];
  /** The loop guard: replies the session makes per second at most; beyond, replies are dropped and the log says so. */
  readonly maxRepliesPerSecond: number;
  /** How text patterns, regexes and reply text are read and written: the tab's receive encoding. */
  readonly encoding: TextEncoding;
}

export const AUTO_REPLY_LIMITS = {
  rules: 100,
  idChars: 64,
  /** A name is the mark of the reply's rows, which carries at most this much. */
  nameChars: MAX_MARK_NAME_CHARS,
  maxDelayMs: 60_000,
  maxRepliesPerSecond: 1_000_000,
  /** A reply's text: as much as the send box's. */
  payloadChars: 64 * 1024,
} as const;

export const DEFAULT_MAX_REPLIES_PER_SECOND = 1000;

/** How one rule fared since the rules were set (counts kept across session.rules.set for the same rule id). */
export interface RuleStats {
  readonly id: string;
  /** Messages the rule matched (while it ran: enabled, not failed). */
  readonly hits: number;
  /** Replies it sent (a reply to all clients counts once). */
  readonly replies: number;
  /** Replies that could not be sent (the client left, the queue was full) and the last reason. */
  readonly failedSends: number;
  readonly lastSendError?: AppError;
  /** Set when its reply failed to build at run time (a checksum range the reply does not fit): it no longer runs. */
  readonly error?: AppError;
}

/** The loop guard of one session (a reply storm between two echoing peers must not run forever at full speed). */
export interface LoopGuardState {
  readonly limit: number;
  /** Replies are being dropped now (in this second or the last). */
  readonly tripped: boolean;
  /** Replies dropped since the rules were set. */
  readonly dropped: number;
}

export interface AutoReplyState {
  readonly rules: readonly RuleStats[];
  readonly loopGuard: LoopGuardState;
}

/** `rules.state`: sent at most a few times a second while rules hit, and at once when a rule is disabled. */
export interface RulesStateEvent extends AutoReplyState {
  readonly sessionId: string;
}

/** What a page that attaches learns of a session's rules: the rules as set, and how they fared. */
export interface AutoReplySnapshot {
  readonly config: AutoReplyConfig;
  readonly state: AutoReplyState;
}
