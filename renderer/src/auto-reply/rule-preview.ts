import { compileRule, previewReply, type CompiledRule } from '@shared/automation/auto-reply';
import type { TextEncoding } from '@shared/codecs/encoding-list';
import { formatHex } from '@shared/codecs/hex';
import { encodeSendLiteral } from '@shared/codecs/send-payload';
import { decodeForDisplay } from '@shared/codecs/text';
import type { AppError, Result } from '@shared/contract/errors';
import type { Protocol } from '@shared/contract/session';
import { ruleFromDraft, type RuleDraft } from './rule-draft';

/** Bytes of a reply the preview shows; its count is always exact. */
export const REPLY_PREVIEW_BYTES = 128;

/** The rule the editor's form describes, checked as the engine will check it (one compiler: compileRule). */
export function checkDraft(draft: RuleDraft, index: number, encoding: TextEncoding, protocol: Protocol): Result<CompiledRule> {
  const rule = ruleFromDraft(draft);
  return rule.ok ? compileRule(rule.value, index, { encoding }, protocol) : rule;
}

/** The editor's "try it on a message" line. */
export type RulePreviewLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'sample-error'; readonly error: AppError }
  | { readonly kind: 'no-match' }
  | { readonly kind: 'error'; readonly error: AppError }
  | {
      readonly kind: 'bytes';
      readonly count: number;
      readonly hex: string;
      /** The reply as text in the rule set's encoding (undecodable bytes as \xHH). */
      readonly text: string;
      /** $1… of the match (regex groups); empty for other kinds. */
      readonly groups: readonly string[];
      /** Time or random fields: the engine makes its own. */
      readonly isExample: boolean;
    };

export interface SampleMessage {
  readonly text: string;
  readonly mode: 'ascii' | 'hex';
}

/**
 * What `rule` answers the sample message (typed like the send box: text with escapes, or HEX) from `peer`: the
 * same previewReply the engine's replies are built by, so the bytes are the engine's (time and random aside).
 */
export function previewRule(rule: CompiledRule, sample: SampleMessage, encoding: TextEncoding, peer: string, now: number, random: (n: number) => Uint8Array): RulePreviewLine {
  if (sample.text.length === 0) return { kind: 'empty' };
  const bytes = encodeSendLiteral(sample.text, { mode: sample.mode, escapes: true, encoding });
  if (!bytes.ok) return { kind: 'sample-error', error: bytes.error };
  const preview = previewReply(rule, bytes.value, peer, { now, replyIndex: 0, random });
  if (preview.kind !== 'bytes') return preview;
  const shown = preview.bytes.subarray(0, REPLY_PREVIEW_BYTES);
  const template = rule.reply?.template;
  return {
    kind: 'bytes',
    count: preview.bytes.length,
    hex: formatHex(shown),
    text: decodeForDisplay(shown, encoding)
      .map((segment) => segment.text)
      .join(''),
    groups: rule.match.groups > 0 ? preview.captures.slice(1) : [],
    isExample: template !== undefined && (template.hasTime || template.hasRandom),
  };
}
