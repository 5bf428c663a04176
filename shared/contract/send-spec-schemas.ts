import { z } from 'zod';
import { isEncoding, type TextEncoding } from '../codecs/encoding-list';
import { SEND_SPEC_LIMITS } from './send-spec';

/*
 * The runtime schemas of a SendSpec (send-spec.ts): the send box's payload as the engine's cyclic send, quick
 * commands and auto-reply rules take it. For hosts (schemas.ts and the schema modules beside it).
 */

export const textModeSchema = z.enum(['ascii', 'hex']);
/** One of ENCODINGS' values exactly (shared/codecs/encoding-list.ts). */
export const encodingSchema = z.custom<TextEncoding>(isEncoding, 'expected a text encoding (utf-8, gbk, …)');
const byteOrderSchema = z.enum(['le', 'be']);
const checksumOutputSchema = z.enum(['raw', 'ascii-hex']);
const skipSchema = z.number().int().min(0).max(SEND_SPEC_LIMITS.skipBytes);

/** SendSpec's checksum (shared/contract/send-spec.ts); an unknown model is the codec's error, with its own words. */
export const sendChecksumSchema = z
  .object({
    model: z.string().min(1).max(SEND_SPEC_LIMITS.modelChars),
    order: byteOrderSchema,
    output: checksumOutputSchema,
    skipStart: skipSchema,
    skipEnd: skipSchema,
  })
  .strict();

/** SendSpec: what the send box sends, as the engine's cyclic send takes it. */
export const sendSpecSchema = z
  .object({
    text: z.string().max(SEND_SPEC_LIMITS.textChars),
    mode: textModeSchema,
    escapes: z.boolean(),
    appendCrlf: z.boolean(),
    encoding: encodingSchema,
    checksum: sendChecksumSchema.nullable(),
  })
  .strict();
