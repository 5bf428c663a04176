/**
 * Positions in error params are 1-based characters as a person counts them: code points, so an emoji before the
 * mistake counts once (encodeText counts the same way). Strings index UTF-16 units; these convert.
 */

/** Code points in text[0, end). */
export function codePointsBefore(text: string, end: number): number {
  let count = 0;
  const stop = Math.min(end, text.length);
  for (let i = 0; i < stop; i++) {
    const unit = text.charCodeAt(i);
    // The low half of a pair was counted with its high half.
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    count++;
  }
  return count;
}

/** The 1-based character position of the UTF-16 index `index` of `text`. */
export function charPosition(text: string, index: number): number {
  return codePointsBefore(text, index) + 1;
}
