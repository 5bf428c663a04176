import { checkFramingSpec } from '../codecs/framing/check-spec';
import { FRAMING_KINDS, FRAMING_LIMITS, type FramingKind, type FramingSpec } from '../codecs/framing/spec';
import { fail, ok, type ErrorParams, type Result } from './errors';

/**
 * A FramingSpec as it crosses the contract: the `framing` of a TCP session's config (session.open, the snapshot a
 * page gets on workspace.attach), `session.framing.set`, and the framing-changed log row. JSON-plain, so structured
 * clone, the wire codec and JSON all carry it the same way.
 *
 * The delimiter is an array of byte values (integers 0–255), not a hex string: there is no spelling to agree on
 * (case, spaces, "0x"), and the conversion is Uint8Array.from / Array.from both ways. The page keeps what the user
 * typed (text with escapes, or HEX) in its tab and sends only the bytes.
 */
export type FramingConfig = ToConfig<FramingSpec>;
type ToConfig<S> = S extends { readonly delimiter: Uint8Array } ? Omit<S, 'delimiter'> & { readonly delimiter: readonly number[] } : S;

/** The fields each kind has; any other key is refused, as the contract's other schemas refuse unknown keys. */
const KIND_FIELDS: Readonly<Record<FramingKind, readonly string[]>> = {
  none: [],
  delimiter: ['delimiter', 'keep'],
  fixed: ['size'],
  length: ['offset', 'width', 'order', 'adjust', 'includesHeader'],
  idle: ['gapMs'],
};

function invalid<T>(field: string, reason: string, message: string, extra: ErrorParams = {}): Result<T> {
  return fail('INVALID_ARGUMENT', `Framing: ${message}`, { field, reason, ...extra });
}

/**
 * The delimiter's byte values as bytes. The length is checked before anything is allocated (an array from an
 * untrusted page may be long); the spec's own checks (empty, too long) then run on the bytes.
 */
function delimiterBytes(value: readonly unknown[]): Result<Uint8Array> {
  if (value.length > FRAMING_LIMITS.delimiterBytes) {
    return invalid('delimiter', 'too-long', `the delimiter has ${value.length} bytes, at most ${FRAMING_LIMITS.delimiterBytes}`, {
      max: FRAMING_LIMITS.delimiterBytes,
      length: value.length,
    });
  }
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const byte: unknown = value[i];
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255) {
      return invalid('delimiter', 'not-bytes', `delimiter[${i}] is not a byte value (an integer 0–255)`, { index: i });
    }
    bytes[i] = byte;
  }
  return ok(bytes);
}

/**
 * A FramingConfig from anywhere (a command, a log row, a saved file) as a checked FramingSpec, or INVALID_ARGUMENT
 * with `field` (the framing's own field name: 'delimiter', 'size', …) and `reason`: those of checkFramingSpec, plus
 * 'unknown-field' (a key the kind does not have) and 'not-bytes' (a delimiter that is not an array of 0–255).
 * A Uint8Array delimiter is refused too: the contract carries numbers.
 */
export function framingSpecFromConfig(value: unknown): Result<FramingSpec> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('spec', 'not-an-object', 'the framing must be an object');
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const kind = FRAMING_KINDS.find((candidate) => candidate === fields.kind);
  // An unknown kind is checkFramingSpec's to say (with the list of kinds).
  if (kind === undefined) return checkFramingSpec(value);
  const known = new Set(['kind', 'maxMessageBytes', ...KIND_FIELDS[kind]]);
  const unknown = Object.keys(fields).find((key) => !known.has(key));
  if (unknown !== undefined) return invalid(unknown, 'unknown-field', `the ${kind} framing has no field "${unknown}"`, { kind });
  if (kind !== 'delimiter') return checkFramingSpec(value);
  const delimiter: unknown = fields.delimiter;
  if (!Array.isArray(delimiter)) return invalid('delimiter', 'not-bytes', 'the delimiter must be an array of byte values');
  const bytes = delimiterBytes(delimiter);
  return bytes.ok ? checkFramingSpec({ ...fields, delimiter: bytes.value }) : bytes;
}

/** A checked spec as the contract carries it (maxMessageBytes as checkFramingSpec filled it in). */
export function framingConfigFromSpec(spec: FramingSpec): FramingConfig {
  if (spec.kind !== 'delimiter') return { ...spec };
  return { ...spec, delimiter: Array.from(spec.delimiter) };
}

/** What a TCP session frames with when its config has no `framing`: as received, one message per chunk. */
export const NO_FRAMING: FramingConfig = { kind: 'none' };
