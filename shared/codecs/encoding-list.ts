/**
 * The text encodings SocketDesk shows received bytes in and turns typed text into: what serial bridges, PLCs and
 * Chinese, Japanese and Korean devices speak. Values are WHATWG Encoding Standard labels, so the platform's
 * TextDecoder takes them as they are and the UI's selects can store them; names are what those selects show.
 */
export const ENCODINGS = [
  { value: 'utf-8', name: 'UTF-8' },
  { value: 'gbk', name: 'GBK' },
  { value: 'gb18030', name: 'GB18030' },
  { value: 'big5', name: 'Big5' },
  { value: 'shift_jis', name: 'Shift_JIS' },
  { value: 'euc-kr', name: 'EUC-KR' },
  { value: 'windows-1252', name: 'Windows-1252 (Latin-1)' },
  { value: 'utf-16le', name: 'UTF-16LE' },
  { value: 'utf-16be', name: 'UTF-16BE' },
] as const satisfies readonly EncodingInfo[];

export interface EncodingInfo {
  readonly value: string;
  readonly name: string;
}

export type TextEncoding = (typeof ENCODINGS)[number]['value'];

const ENCODING_VALUES: ReadonlySet<string> = new Set(ENCODINGS.map((encoding) => encoding.value));

/** Exactly one of the ENCODINGS values (not any WHATWG label: settings and selects store these spellings only). */
export function isEncoding(value: unknown): value is TextEncoding {
  return typeof value === 'string' && ENCODING_VALUES.has(value);
}
