import { SERVER_LIMITS } from '@shared/contract/constants';
import { formatEndpoint } from '@shared/contract/endpoint';
import { formatHex } from '@shared/codecs/hex';
import { decodeForDisplay, type DisplaySegment } from '@shared/codecs/text';
import type { TextEncoding } from '@shared/codecs/encoding-list';
import { translate, type Lang } from '../i18n/i18n';
import { localizeError } from '../i18n/localize-error';
import { formatFramingEvent } from './framing-text';
import { formatRelayEvent } from './relay-text';
import { isRelayLogEvent } from '@shared/traffic/relay-log-event';
import { formatAutoReplyEvent } from '../auto-reply/auto-reply-log-text';
import { formatUdpSocketEvent } from './udp-socket-log-text';
import type { EventEntry, FrameEntry, GapEntry } from './log-entry';
import { MAX_DISPLAY_BYTES_PER_FRAME } from '@shared/traffic/frame';
import { describeFrameMark, type FrameMark } from '@shared/traffic/frame-mark';
import type { LoggedError } from '@shared/traffic/log-event';

/** How a frame's bytes are written on one line: as text, or as HEX pairs. */
export type TextMode = 'ascii' | 'hex';
/** 接收显示格式: ASCII, HEX, or a hex dump (offset | 16 bytes | text, several lines per frame). */
export type DisplayMode = TextMode | 'dump';
export const DISPLAY_MODES: readonly DisplayMode[] = ['ascii', 'hex', 'dump'];

/**
 * Bytes drawn per row: what the engine sends of a frame at most. A single TCP read can be megabytes; drawing all
 * of it in one row would stall the view, so the row shows the first part and says how much it left out (the
 * counters and capture stay complete).
 */
export const MAX_ROW_BYTES = MAX_DISPLAY_BYTES_PER_FRAME;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2026-11-22 10:31:05.123" in local time. */
export function formatTimestamp(ts: number): string {
  const d = new Date(ts);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/** What the header line adds after the peer (log mode). */
export interface HeaderExtras {
  /** The frame's length as received, bytes (not for event rows). */
  readonly length?: number;
  /** ms since the previous row of the view (接收设置 → Δt); absent for the first row or when off. */
  readonly deltaMs?: number;
  /** What produced the frame (an auto-reply rule, a sequence, a relay leg). */
  readonly mark?: FrameMark;
  /** Received row: ms since the last row sent to its peer (显示往返时间); absent when off or nothing was sent. */
  readonly rttMs?: number;
}

/**
 * NetAssist-style log header: "[2026-11-22 10:31:05.123]# 接收 ← 127.0.0.1:9000"; an event row: "…# 事件 127.0.0.1:9000".
 * With extras: "… 127.0.0.1:9000 · rule Echo · 12 B · +3.215 ms".
 */
export function formatHeader(entry: Pick<FrameEntry, 'ts' | 'peer'> & { readonly dir: FrameEntry['dir'] | 'event' }, lang: Lang, extras: HeaderExtras = {}): string {
  // Bytes injected into a relay were neither received nor sent by a socket of the row's peer: their own word.
  const isInjected = extras.mark !== undefined && describeFrameMark(extras.mark)?.kind === 'relay-inject';
  const direction =
    entry.dir === 'event'
      ? translate(lang, 'log.event')
      : isInjected
        ? translate(lang, 'log.inject')
        : entry.dir === 'rx'
          ? `${translate(lang, 'log.rx')} ←`
          : `${translate(lang, 'log.tx')} →`;
  let header = `[${formatTimestamp(entry.ts)}]# ${direction} ${formatEndpoint(entry.peer)}`;
  if (extras.mark !== undefined) header += ` · ${formatMark(extras.mark, lang)}`;
  if (extras.length !== undefined) header += ` · ${translate(lang, 'log.bytes', { bytes: extras.length })}`;
  if (extras.deltaMs !== undefined) header += ` · ${formatDelta(extras.deltaMs, lang)}`;
  if (extras.rttMs !== undefined) header += ` · ${formatRoundTrip(extras.rttMs, lang)}`;
  return header;
}

/** A frame's mark as its row names it: "rule Echo", "sequence Login", "client→server"; the raw mark if unknown. */
export function formatMark(mark: FrameMark, lang: Lang): string {
  const parts = describeFrameMark(mark);
  if (parts === undefined) return mark;
  if (parts.kind === 'relay') return translate(lang, parts.leg === 'client-to-server' ? 'log.mark.clientToServer' : 'log.mark.serverToClient');
  if (parts.kind === 'relay-inject') return translate(lang, parts.toward === 'server' ? 'log.mark.injectToServer' : 'log.mark.injectToClient');
  return translate(lang, parts.kind === 'rule' ? 'log.mark.rule' : 'log.mark.sequence', { name: parts.name });
}

/** Δt between rows: "+0.250 ms", "+12.500 ms", "+1.234 s", "+75.000 s" (sub-ms clocks give the fraction). */
export function formatDelta(ms: number, lang: Lang): string {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  return abs < 1000 ? translate(lang, 'log.deltaMs', { sign, ms: abs.toFixed(3) }) : translate(lang, 'log.deltaS', { sign, s: (abs / 1000).toFixed(3) });
}

/** A row's round-trip time: "RTT 0.352 ms", "往返 1.250 秒". */
export function formatRoundTrip(ms: number, lang: Lang): string {
  return ms < 1000 ? translate(lang, 'log.rttMs', { ms: ms.toFixed(3) }) : translate(lang, 'log.rttS', { s: (ms / 1000).toFixed(3) });
}

/** A back-off in seconds as people say it: 0.5, 2, 30. */
const secondsOf = (ms: number): string => String(Math.round(ms) / 1000);

/** A row's error in words. A row keeps no English message, so its code stands in where a sentence would fall back to one. */
function localizeLoggedError(error: LoggedError, lang: Lang): string {
  return localizeError({ ...error, message: error.code }, lang);
}

/** The sentence of an event row. */
export function formatEvent(entry: Pick<EventEntry, 'event'>, lang: Lang): string {
  const event = entry.event;
  if (!event) return translate(lang, 'log.event.unknown');
  if (isRelayLogEvent(event)) return formatRelayEvent(event, lang);
  switch (event.type) {
    case 'clients-refused': {
      if (event.reason === 'max-clients') return translate(lang, 'log.event.clientsRefusedMax', { count: event.count, limit: event.limit ?? '?' });
      const sentence = translate(lang, 'log.event.clientsRefused', { count: event.count });
      return event.limit === undefined ? sentence : sentence + translate(lang, 'log.event.descriptorLimit', { limit: event.limit });
    }
    case 'client-connected':
      return translate(lang, 'log.event.clientConnected');
    case 'client-disconnected':
      return translate(lang, 'log.event.clientDisconnected', {
        reason: translate(lang, `log.clientGone.${event.reason}`, { seconds: SERVER_LIMITS.halfClosedLingerMs / 1000 }),
      });
    case 'connected':
      return event.attempt === undefined ? translate(lang, 'log.event.connected') : translate(lang, 'log.event.reconnected', { attempt: event.attempt });
    case 'disconnected':
      return translate(lang, 'log.event.disconnected', { reason: translate(lang, `reason.${event.reason}`) });
    case 'message-cut':
    case 'framing-changed':
      return formatFramingEvent(event, lang);
    case 'peer-finished':
      return translate(lang, 'log.event.peerFinished');
    case 'connect-failed': {
      const error = localizeLoggedError(event.error, lang);
      return event.attempt === 0 ? translate(lang, 'log.event.connectFailed', { error }) : translate(lang, 'log.event.reconnectFailed', { attempt: event.attempt, error });
    }
    case 'reconnect-scheduled':
      return translate(lang, 'log.event.reconnectScheduled', { seconds: secondsOf(event.delayMs), attempt: event.attempt });
    case 'loop-guard':
    case 'rule-disabled':
      return formatAutoReplyEvent(event, lang);
    case 'receive-buffer':
    case 'kernel-drops':
      return formatUdpSocketEvent(event, lang);
    case 'capture-failed':
      return translate(lang, 'log.event.captureFailed', { bytes: event.bytes, error: localizeLoggedError(event.error, lang) });
    case 'client-send-failed':
      return translate(lang, 'log.event.clientSendFailed', { error: localizeLoggedError(event.error, lang) });
  }
}

export interface FormattedPayload {
  /** The whole data line(s) as text (escapes inline). */
  readonly text: string;
  /** ASCII view: the same text in runs, control bytes as escapes the row dims. HEX view: one plain run. */
  readonly segments: readonly DisplaySegment[];
  /** Bytes beyond MAX_ROW_BYTES that the row does not show. */
  readonly omittedBytes: number;
}

/**
 * The data line(s) of a frame. HEX: "48 65 6C". ASCII: text in `encoding` with control bytes and bytes that do not
 * decode as dimmed `\xHH` escapes; a
 * trailing line break is dropped (the row already ends there). `length` is the frame's size as received when
 * `bytes` holds only its start (the log keeps at most MAX_ROW_BYTES per frame). Without wrapping a row is one line,
 * so inner line breaks show as ↵; with wrapping they break the line.
 */
export function formatPayload(
  bytes: Uint8Array,
  mode: TextMode,
  wrap: boolean,
  length: number = bytes.length,
  encoding: TextEncoding = 'utf-8',
): FormattedPayload {
  const shown = bytes.length > MAX_ROW_BYTES ? bytes.subarray(0, MAX_ROW_BYTES) : bytes;
  const omittedBytes = Math.max(length, bytes.length) - shown.length;
  if (mode === 'hex') {
    const text = formatHex(shown);
    return { text, segments: [{ text, isEscape: false }], omittedBytes };
  }
  // Decoded in the tab's receive encoding; bytes that do not decode stay visible as escapes (never dropped).
  const raw = decodeForDisplay(shown, encoding);
  const segments = compactSegments(
    raw.map((segment, i) => {
      if (segment.isEscape) return segment;
      const text = i === raw.length - 1 ? segment.text.replace(/(\r\n|\n|\r)$/, '') : segment.text;
      return { text: text.replace(/\r\n|\n|\r/g, wrap ? '\n' : '↵'), isEscape: false };
    }),
  );
  return { text: segments.map((segment) => segment.text).join(''), segments, omittedBytes };
}

/**
 * Dimmed runs one row draws at most. Each is an element: 64 KiB of binary in the ASCII view decodes to ~16 000
 * escapes, and five such rows froze the page for seconds (the TCP server capture story, 256 KiB of random bytes).
 * Past the cap the rest of the row is one plain run: every escape still shows as `\xHH`, only undimmed.
 */
export const MAX_DIMMED_RUNS_PER_ROW = 256;

/** Adjacent runs of the same kind joined (one element per run of escapes), and at most MAX_DIMMED_RUNS_PER_ROW dimmed. */
function compactSegments(segments: readonly DisplaySegment[]): DisplaySegment[] {
  const out: DisplaySegment[] = [];
  let dimmed = 0;
  for (const segment of segments) {
    const isEscape = segment.isEscape && dimmed < MAX_DIMMED_RUNS_PER_ROW;
    const last = out[out.length - 1];
    if (last && last.isEscape === isEscape) {
      out[out.length - 1] = { text: last.text + segment.text, isEscape };
      continue;
    }
    if (isEscape) dimmed++;
    out.push({ text: segment.text, isEscape });
  }
  return out;
}

export function formatGap(entry: Pick<GapEntry, 'frames' | 'bytes' | 'cause'>, lang: Lang): string {
  const key = entry.cause === 'paused' ? 'log.pausedGap' : entry.cause === 'earlier' ? 'log.earlierGap' : 'log.gap';
  return translate(lang, key, { frames: entry.frames, bytes: entry.bytes });
}
