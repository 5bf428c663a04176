import { FRAMING_LIMITS } from '@shared/codecs/framing/spec';
import type { FramingConfig } from '@shared/contract/framing';
import type { SessionLogEvent } from '@shared/traffic/log-event';
import { translate, type Lang } from '../i18n/i18n';

/**
 * A delimiter as the user would type it in the text mode: printable ASCII as itself, \r \n \t \0 and \\ as their
 * escapes, any other byte as \xHH. Short (≤ 64 bytes), so a loop is fine.
 */
export function delimiterText(bytes: readonly number[]): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x09) text += '\\t';
    else if (byte === 0x00) text += '\\0';
    else if (byte === 0x5c) text += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** "delimiter \r\n, stripped" / "分隔符 \r\n，去掉分隔符"; the size limit only when it is not the default. */
export function describeFraming(framing: FramingConfig, lang: Lang): string {
  const max = framing.maxMessageBytes ?? FRAMING_LIMITS.defaultMaxMessageBytes;
  const limit = max === FRAMING_LIMITS.defaultMaxMessageBytes ? '' : translate(lang, 'framing.desc.max', { max });
  return describeKind(framing, lang) + limit;
}

function describeKind(framing: FramingConfig, lang: Lang): string {
  switch (framing.kind) {
    case 'none':
      return translate(lang, 'framing.desc.none');
    case 'delimiter':
      return translate(lang, 'framing.desc.delimiter', {
        delimiter: delimiterText(framing.delimiter),
        keep: translate(lang, framing.keep === 'keep' ? 'framing.desc.keep' : 'framing.desc.strip'),
      });
    case 'fixed':
      return translate(lang, 'framing.desc.fixed', { size: framing.size });
    case 'length':
      return translate(lang, 'framing.desc.length', {
        offset: framing.offset,
        width: framing.width,
        order: translate(lang, framing.order === 'be' ? 'framing.order.be' : 'framing.order.le'),
        // A signed number reads better with its sign: "+2", "−2", "0".
        adjust: framing.adjust > 0 ? `+${framing.adjust}` : framing.adjust < 0 ? `−${-framing.adjust}` : '0',
        counts: translate(lang, framing.includesHeader ? 'framing.desc.includesHeader' : 'framing.desc.excludesHeader'),
      });
    case 'idle':
      return translate(lang, 'framing.desc.idle', { gapMs: framing.gapMs });
  }
}

type FramingEvent = Extract<SessionLogEvent, { readonly type: 'message-cut' | 'framing-changed' }>;

/** The sentence of a framing event row (formatEvent's cases for them). */
export function formatFramingEvent(event: FramingEvent, lang: Lang): string {
  if (event.type === 'framing-changed') return translate(lang, 'log.event.framingChanged', { framing: describeFraming(event.framing, lang) });
  return translate(lang, event.reason === 'max-size' ? 'log.event.messageCutMax' : 'log.event.messageCutFlush', { bytes: event.bytes });
}
