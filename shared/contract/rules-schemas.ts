import { z } from 'zod';
import { messageMatchSchema } from './automation-schemas';
import { AUTO_REPLY_LIMITS, REPLY_TARGETS, type AutoReplyConfig, type AutoReplyRule } from './rules';
import { encodingSchema, sendChecksumSchema, textModeSchema } from './send-spec-schemas';

/*
 * Runtime shapes of 自动应答 (shared/contract/rules.ts) for the hosts' checks and the workspace file. The shape only:
 * whether a regex compiles or a reply template reads is compileRules' answer (with the rule, the field and the
 * place), which the engine gives when the rules arrive and the page gives before it sends them.
 */

const replyPayloadSchema = z
  .object({
    text: z.string().max(AUTO_REPLY_LIMITS.payloadChars),
    mode: textModeSchema,
    escapes: z.boolean(),
    appendCrlf: z.boolean(),
    checksum: sendChecksumSchema.nullable(),
  })
  .strict();

const ruleActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reply'), payload: replyPayloadSchema }).strict(),
  z.object({ kind: z.literal('echo') }).strict(),
]);

export const autoReplyRuleSchema: z.ZodType<AutoReplyRule> = z
  .object({
    id: z.string().min(1).max(AUTO_REPLY_LIMITS.idChars),
    name: z.string().trim().min(1).max(AUTO_REPLY_LIMITS.nameChars),
    enabled: z.boolean(),
    match: messageMatchSchema,
    action: ruleActionSchema,
    target: z.enum(REPLY_TARGETS as [AutoReplyRule['target'], ...AutoReplyRule['target'][]]),
    delayMs: z.number().int().min(0).max(AUTO_REPLY_LIMITS.maxDelayMs),
    then: z.enum(['stop', 'continue']),
  })
  .strict();

const maxRepliesSchema = z.number().int().min(1).max(AUTO_REPLY_LIMITS.maxRepliesPerSecond);

/** A rule set as session.open (`autoReply`) and session.rules.set take it. Rule ids are unique. */
export const autoReplyConfigSchema: z.ZodType<AutoReplyConfig> = z
  .object({
    enabled: z.boolean(),
    rules: z
      .array(autoReplyRuleSchema)
      .max(AUTO_REPLY_LIMITS.rules)
      .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, 'rule ids must be unique'),
    maxRepliesPerSecond: maxRepliesSchema,
    encoding: encodingSchema,
  })
  .strict();

/** session.rules.set: the session's rules from now on (hit counts stay with rules whose id it had). */
export const rulesSetArgsSchema = z
  .object({
    sessionId: z.string().min(1).max(64),
    enabled: z.boolean(),
    rules: z.array(autoReplyRuleSchema).max(AUTO_REPLY_LIMITS.rules).readonly(),
    maxRepliesPerSecond: maxRepliesSchema,
    encoding: encodingSchema,
  })
  .strict()
  .refine((args) => new Set(args.rules.map((rule) => rule.id)).size === args.rules.length, { message: 'rule ids must be unique', path: ['rules'] });

/**
 * What a tab keeps in the workspace file: its rules (a master switch, the list, the loop guard). The encoding is
 * the tab's receive encoding, kept with the receive options.
 */
export const tabAutoReplySchema = z
  .object({
    enabled: z.boolean(),
    rules: z
      .array(autoReplyRuleSchema)
      .max(AUTO_REPLY_LIMITS.rules)
      .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, 'rule ids must be unique'),
    maxRepliesPerSecond: maxRepliesSchema,
  })
  .strict();
