import type { ChecksumByteOrder, ChecksumOutput } from '../codecs/checksum';
import type { TextEncoding } from '../codecs/encoding-list';

/**
 * What the send box sends (DESIGN §3b), one type for the send box, the history, quick commands and the engine's
 * cyclic send: the text as typed and every option that shapes its bytes. shared/codecs/send-payload.ts turns it
 * into bytes, per send, so payload templates ({{counter}}…) count in the engine as in the page.
 */
export type SendMode = 'ascii' | 'hex';

/** 自动发送附加位: a checksum appended to the payload (before the CR LF, when that is on). */
export interface SendChecksum {
  /** A CHECKSUM_MODELS id (or a name or alias resolveChecksumId knows): 'crc-16/modbus', 'sum8'… */
  readonly model: string;
  readonly order: ChecksumByteOrder;
  readonly output: ChecksumOutput;
  /** Bytes at the start of the payload left out of the sum (NMEA's '$': 1). */
  readonly skipStart: number;
  /** Bytes at the end of the payload left out of the sum (NMEA's '*': 1). */
  readonly skipEnd: number;
}

export interface SendSpec {
  /** As typed; `{{…}}` are template fields in both modes. */
  readonly text: string;
  readonly mode: SendMode;
  /** 自动解析转义符 (ASCII mode): \r \n \t \0 \\ \{ \} \xHH. */
  readonly escapes: boolean;
  /** AT指令自动回车: CR LF after the data (and after the checksum), in either mode. */
  readonly appendCrlf: boolean;
  /** ASCII mode: the text's encoding (WHATWG label, ENCODINGS). HEX mode ignores it. */
  readonly encoding: TextEncoding;
  readonly checksum: SendChecksum | null;
}

export const SEND_SPEC_LIMITS = {
  /** Characters of the text: as much as one history entry keeps. */
  textChars: 64 * 1024,
  /** Bytes a checksum may skip at either end: more than any payload the text can make. */
  skipBytes: 1 << 20,
  /** Characters of a checksum model's id, name or alias. */
  modelChars: 64,
} as const;

export const DEFAULT_SEND_ENCODING: TextEncoding = 'utf-8';

/** The spec of plain text or HEX with every other option off: what a send was before options existed. */
export function plainSendSpec(text: string, mode: SendMode = 'ascii'): SendSpec {
  return { text, mode, escapes: false, appendCrlf: false, encoding: DEFAULT_SEND_ENCODING, checksum: null };
}
