import { fail, ok, type Result } from '../../contract/errors';
import { parseEscapes } from '../escapes';
import { parseHex } from '../hex';
import { FRAMING_LIMITS } from './spec';

/**
 * The delimiter as the user types it: text with escapes ("\r\n", "\x03") or HEX ("0D 0A"), read by the same parsers
 * as the send box so both fields accept the same spelling. Errors of those parsers come back unchanged (INVALID_HEX
 * or INVALID_ARGUMENT with the 1-based `position`) plus `field: 'delimiter'`; an empty or too long result is
 * INVALID_ARGUMENT with `reason` 'empty' or 'too-long', like `checkFramingSpec` says it.
 */
export function parseDelimiter(text: string, mode: 'text' | 'hex'): Result<Uint8Array> {
  const parsed = mode === 'hex' ? parseHex(text) : parseEscapes(text);
  if (!parsed.ok) {
    return fail(parsed.error.code, parsed.error.message, { ...parsed.error.params, field: 'delimiter' }, parsed.error.detail);
  }
  const bytes = parsed.value;
  if (bytes.length === 0) {
    return fail('INVALID_ARGUMENT', 'Framing: the delimiter is empty', { field: 'delimiter', reason: 'empty' });
  }
  if (bytes.length > FRAMING_LIMITS.delimiterBytes) {
    return fail('INVALID_ARGUMENT', `Framing: the delimiter has ${bytes.length} bytes, at most ${FRAMING_LIMITS.delimiterBytes}`, {
      field: 'delimiter',
      reason: 'too-long',
      max: FRAMING_LIMITS.delimiterBytes,
      length: bytes.length,
    });
  }
  return ok(bytes);
}
