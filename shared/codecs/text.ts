const utf8Encoder = new TextEncoder();
/** Lenient on purpose: a log shows whatever arrived, with U+FFFD where the bytes are not UTF-8. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** A run of the ASCII view: ordinary text, or a control byte written as an escape ("\x1B") for dimmed display. */
export interface DisplaySegment {
  readonly text: string;
  readonly isEscape: boolean;
}

/** Control characters the ASCII view writes as escapes: C0 other than \t \r \n (which keep their meaning), and DEL. */
function isShownAsEscape(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

/**
 * The ASCII view of a frame: UTF-8 decoded, with control characters other than \t \r \n written as `\xHH`
 * escapes in segments of their own, so the view can dim them. Escapes need no font to have special glyphs (the
 * U+2400 control pictures are boxes in many CJK and monospace fonts), and they read like what the user types.
 */
export function formatDisplaySegments(bytes: Uint8Array): DisplaySegment[] {
  const text = decodeUtf8(bytes);
  const segments: DisplaySegment[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isShownAsEscape(code)) continue;
    if (i > runStart) segments.push({ text: text.slice(runStart, i), isEscape: false });
    segments.push({ text: `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`, isEscape: true });
    runStart = i + 1;
  }
  if (runStart < text.length) segments.push({ text: text.slice(runStart), isEscape: false });
  return segments;
}

/** The ASCII view as one string (escapes inline): for copying, searching and tests. */
export function formatDisplayText(bytes: Uint8Array): string {
  return formatDisplaySegments(bytes)
    .map((segment) => segment.text)
    .join('');
}
