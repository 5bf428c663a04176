import { CHECKSUM_MODELS } from '@shared/codecs/checksum';
import { ENCODINGS } from '@shared/codecs/encoding-list';
import type { HistoryItem } from '../store/tab-state';

/** Longest history entry shown in the drop-down, in characters. */
const HISTORY_LABEL_CHARS = 40;

/**
 * "[HEX +CRC-16/MODBUS] 01 03", "[ASCII GBK \\ CRLF] AT+GMR": the mode and the options that shape the bytes (an
 * encoding other than UTF-8, in ASCII mode; a checksum), then the start of the text.
 */
export function historyLabel(item: HistoryItem): string {
  const encoding = item.mode === 'ascii' && item.encoding !== 'utf-8' ? [ENCODINGS.find((e) => e.value === item.encoding)?.name ?? item.encoding] : [];
  const checksum = item.checksum ? [`+${CHECKSUM_MODELS[item.checksum.model]?.name ?? item.checksum.model}`] : [];
  const flags = [item.mode.toUpperCase(), ...encoding, ...(item.escapes ? ['\\'] : []), ...(item.appendCrlf ? ['CRLF'] : []), ...checksum].join(' ');
  const text = item.text.length > HISTORY_LABEL_CHARS ? `${item.text.slice(0, HISTORY_LABEL_CHARS)}…` : item.text;
  return `[${flags}] ${text}`;
}
