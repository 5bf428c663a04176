/**
 * A byte offset in the finished payload, as a len or crc field names one: a number (0 = the first byte), `here`
 * (the field's own first byte), `after` (just past the field) or `end` (the payload's length), each optionally
 * `±N` ("here-1": the byte before the field, e.g. NMEA's '*'). Ranges are [from, to): `to` is not included.
 */
export interface TemplateOffset {
  readonly base: 'start' | 'here' | 'after' | 'end';
  readonly delta: number;
}

/** Larger than any payload a template can make (TEMPLATE_LIMITS), small enough for plain number arithmetic. */
const MAX_OFFSET = 0x7fff_ffff;

/** The offset `text` spells, or undefined when it is not one. */
export function parseOffset(text: string): TemplateOffset | undefined {
  const match = /^(here|after|end|\d+)(?:([+-])(\d+))?$/i.exec(text);
  if (!match) return undefined;
  const [, baseText = '', sign, amountText] = match;
  const amount = amountText === undefined ? 0 : Number(amountText);
  const delta = sign === '-' ? -amount : amount;
  const lower = baseText.toLowerCase();
  if (/^\d+$/.test(lower)) {
    if (Number(lower) > MAX_OFFSET || Math.abs(delta) > MAX_OFFSET) return undefined;
    return { base: 'start', delta: Number(lower) + delta };
  }
  if (Math.abs(delta) > MAX_OFFSET) return undefined;
  return { base: lower as 'here' | 'after' | 'end', delta };
}

/** Where the offset lands for a field at [fieldStart, fieldEnd) of a payload of `length` bytes. */
export function resolveOffset(offset: TemplateOffset, fieldStart: number, fieldEnd: number, length: number): number {
  const base = offset.base === 'start' ? 0 : offset.base === 'here' ? fieldStart : offset.base === 'after' ? fieldEnd : length;
  return base + offset.delta;
}

/** The offset as a person wrote it, normalized ("here-1", "end", "3"), for error messages. */
export function formatOffset(offset: TemplateOffset): string {
  if (offset.base === 'start') return String(offset.delta);
  if (offset.delta === 0) return offset.base;
  return `${offset.base}${offset.delta > 0 ? '+' : ''}${offset.delta}`;
}
