import { z } from 'zod';
import { MATCH_LIMITS, type MessageMatchSpec } from '../automation/message-match';

/*
 * Runtime shapes of what automation (auto-reply rules, test sequences) shares, for the hosts' checks. The shape
 * only: whether a pattern parses or a regex compiles is compileMatch's answer (with its position), which the
 * engine gives when the rules or the sequence arrive.
 */

const patternText = z.string().max(MATCH_LIMITS.patternChars);

export const messageMatchSchema: z.ZodType<MessageMatchSpec> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }).strict(),
  z.object({ kind: z.enum(['exact', 'contains', 'starts-with']), pattern: patternText, mode: z.enum(['text', 'hex']) }).strict(),
  z.object({ kind: z.literal('regex'), source: patternText, ignoreCase: z.boolean() }).strict(),
  z.object({ kind: z.literal('hex-pattern'), pattern: patternText }).strict(),
  z
    .object({ kind: z.literal('length'), min: z.number().int().min(0).max(MATCH_LIMITS.maxLength), max: z.number().int().min(0).max(MATCH_LIMITS.maxLength) })
    .strict(),
]);
