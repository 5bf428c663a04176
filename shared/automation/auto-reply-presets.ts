import type { AutoReplyRule, ReplyPayload } from '../contract/rules';
import type { Protocol } from '../contract/session';

/**
 * One-click rules (预设) for the auto-reply panel. Each makes the rule(s) it stands for; the page gives the name (in
 * the user's language: it becomes the mark of the reply rows) and the ids. A preset that cannot work on a session
 * kind says why (the panel disables it with that reason as its tooltip).
 */
export const AUTO_REPLY_PRESETS = ['echo', 'hello', 'upper', 'timestamp', 'chat'] as const;
export type AutoReplyPresetId = (typeof AUTO_REPLY_PRESETS)[number];

/** Why a preset does not apply: only a TCP server has other clients to relay to. */
export type PresetUnavailable = 'needs-tcp-server';

export function presetUnavailable(preset: AutoReplyPresetId, protocol: Protocol): PresetUnavailable | undefined {
  return preset === 'chat' && protocol !== 'tcp-server' ? 'needs-tcp-server' : undefined;
}

const textReply = (text: string): ReplyPayload => ({ text, mode: 'ascii', escapes: false, appendCrlf: false, checksum: null });

/**
 * The rule of `preset`:
 * - echo: every message back to its sender, byte for byte.
 * - hello: "Hello, <message>!" with the message's line ending (if any) after the '!': `Ada\n` → `Hello, Ada!\n`.
 * - upper: the message back in upper case.
 * - timestamp: "[HH:MM:SS] <message>", the time the reply is made, then the message.
 * - chat: a chat room on a TCP server: each client's message goes to every other client (not back to the sender).
 */
export function presetRule(preset: AutoReplyPresetId, id: string, name: string): AutoReplyRule {
  const base = { id, name, enabled: true, target: 'sender', delayMs: 0, then: 'stop' } as const;
  switch (preset) {
    case 'echo':
      return { ...base, match: { kind: 'any' }, action: { kind: 'echo' } };
    case 'hello':
      // $1: the message without its line ending; $2: that ending ('' when none), so a line-based peer gets a line.
      return { ...base, match: { kind: 'regex', source: '^([\\s\\S]*?)(\\r?\\n)?$', ignoreCase: false }, action: { kind: 'reply', payload: textReply('Hello, {{$1}}!{{$2}}') } };
    case 'upper':
      return { ...base, match: { kind: 'any' }, action: { kind: 'reply', payload: textReply('{{msg case=upper}}') } };
    case 'timestamp':
      return { ...base, match: { kind: 'any' }, action: { kind: 'reply', payload: textReply('[{{time}}] {{msg}}') } };
    case 'chat':
      return { ...base, target: 'others', match: { kind: 'any' }, action: { kind: 'echo' } };
  }
}
