/**
 * How a TCP byte stream is re-cut into messages (粘包 / 拆包): the rule the user picks per tab. Plain data (no class
 * instances but the delimiter's Uint8Array, which the contract carries as bytes), so the UI can keep it with the tab
 * and a command can carry it. `checkFramingSpec` says whether one is usable; `StreamFramer` applies it.
 */

/** Every kind: a message that has not ended after this many bytes is cut there and marked 'max-size'. */
interface FramingLimit {
  /** 1…FRAMING_LIMITS.maxMessageBytes; default FRAMING_LIMITS.defaultMaxMessageBytes (1 MiB). */
  readonly maxMessageBytes?: number;
}

/** As received: each socket chunk is a message (what the log showed before framing existed). */
export interface NoneFramingSpec extends FramingLimit {
  readonly kind: 'none';
}

/** A message ends with a delimiter (e.g. \r\n), which the message keeps or loses. */
export interface DelimiterFramingSpec extends FramingLimit {
  readonly kind: 'delimiter';
  /** 1…64 bytes; from what the user typed via `parseDelimiter`. */
  readonly delimiter: Uint8Array;
  readonly keep: 'strip' | 'keep';
}

/** Every message is `size` bytes (1…1 MiB, and no more than maxMessageBytes). */
export interface FixedFramingSpec extends FramingLimit {
  readonly kind: 'fixed';
  readonly size: number;
}

/** A header carries the message's length: an unsigned integer of `width` bytes at `offset`. */
export interface LengthFramingSpec extends FramingLimit {
  readonly kind: 'length';
  /** Bytes before the length field, 0…64. */
  readonly offset: number;
  readonly width: 1 | 2 | 4;
  readonly order: 'le' | 'be';
  /** Added to the field's value (−65 535…65 535), for protocols that count a trailer or a CRC. */
  readonly adjust: number;
  /**
   * true: the length counts the whole message, the bytes before and including the field too (value + adjust is the
   * message size). false: it counts what follows the field (offset + width + value + adjust), as in Modbus-TCP.
   */
  readonly includesHeader: boolean;
}

/** A message ends when no byte came for `gapMs` (1…60 000): for devices that send a burst, then pause. */
export interface IdleFramingSpec extends FramingLimit {
  readonly kind: 'idle';
  readonly gapMs: number;
}

export type FramingSpec = NoneFramingSpec | DelimiterFramingSpec | FixedFramingSpec | LengthFramingSpec | IdleFramingSpec;
export type FramingKind = FramingSpec['kind'];

/**
 * Why a message ended other than at its own boundary: it reached maxMessageBytes ('max-size'; the bytes that follow
 * continue it), no byte came for gapMs ('idle', every message of the idle kind), or the framer was flushed ('flush':
 * the session closed or the framing changed, and what was buffered came out as it was).
 */
export type FramingCut = 'max-size' | 'idle' | 'flush';

export interface FramedMessage {
  readonly bytes: Uint8Array;
  readonly cut?: FramingCut;
}

export const FRAMING_KINDS: readonly FramingKind[] = ['none', 'delimiter', 'fixed', 'length', 'idle'];
export const DEFAULT_FRAMING: FramingSpec = { kind: 'none' };

/** The bounds checkFramingSpec enforces; the UI's inputs use the same numbers. */
export const FRAMING_LIMITS = {
  defaultMaxMessageBytes: 1024 * 1024,
  /** A message is held whole until it ends, so this bounds the memory one stream can take in the framer. */
  maxMessageBytes: 16 * 1024 * 1024,
  delimiterBytes: 64,
  fixedSize: 1024 * 1024,
  lengthOffset: 64,
  lengthAdjust: 65_535,
  idleGapMs: 60_000,
} as const;

export function framingMaxMessageBytes(spec: FramingSpec): number {
  return spec.maxMessageBytes ?? FRAMING_LIMITS.defaultMaxMessageBytes;
}
