import type { AppError } from '@shared/contract/errors';
import { buildSendPayload } from '@shared/codecs/send-payload';
import type { RelaySide } from '@shared/contract/relay';
import type { SendSpec } from '@shared/contract/send-spec';
import { browserRandom } from '../send/browser-random';
import { NO_CHECKSUM } from '../send/checksum-choices';
import { parseTarget } from '../validation/inputs';
import type { ErrorSlot, HistoryItem, TabState } from './tab-state';

/**
 * What 发送, 循环发送 and 发送文件 share: the bytes of the send box and where they go (UDP remote / server client),
 * built from the form the same way for all three. Failures name the control that shows them.
 */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly slot: ErrorSlot; readonly error: AppError };

export interface SendTarget {
  readonly sessionId: string;
  /** UDP only. */
  readonly to?: { readonly host: string; readonly port: number };
  /** TCP server only: a client key or 'all'. */
  readonly client?: string;
  /** TCP server only: the clients ticked in the client list (a copy: the contract's arrays are not read-only). */
  readonly clients?: string[];
  /** Relay only: inject toward the server or the client(s) of the chosen pairs. */
  readonly toward?: RelaySide;
}

/** The tab fields a SendSpec is made of. */
export type SendSpecFields = Pick<
  TabState,
  'sendInput' | 'sendMode' | 'escapes' | 'appendCrlf' | 'sendEncoding' | 'checksumModel' | 'checksumOrder' | 'checksumOutput' | 'checksumSkipStart' | 'checksumSkipEnd'
>;

/** The send box and its options as one SendSpec: what 发送, 循环发送 and 历史发送 share (DESIGN §3b). */
export function sendSpecOf(s: SendSpecFields): SendSpec {
  return {
    text: s.sendInput,
    mode: s.sendMode,
    escapes: s.escapes,
    appendCrlf: s.appendCrlf,
    encoding: s.sendEncoding,
    checksum:
      s.checksumModel === NO_CHECKSUM
        ? null
        : { model: s.checksumModel, order: s.checksumOrder, output: s.checksumOutput, skipStart: s.checksumSkipStart, skipEnd: s.checksumSkipEnd },
  };
}

/**
 * The send box as bytes for send number `sendIndex` (templates, encoding, checksum, CR LF): what one 发送 puts on
 * the wire, made by the codec the engine's cyclic send uses.
 */
export function sendBytesOf(s: TabState, sendIndex = s.sendIndex): Checked<Uint8Array> {
  const bytes = buildSendPayload(sendSpecOf(s), { sendIndex, now: Date.now(), random: browserRandom });
  return bytes.ok ? bytes : { ok: false, slot: 'data', error: bytes.error };
}

/** The send box as 历史发送 keeps it: the whole spec, so picking it sends the same bytes again. */
export function historyItemOf(s: TabState): HistoryItem {
  return sendSpecOf(s);
}

/** The open session and its target; `notOpenSlot` is where "not open" is said (next to the control pressed). */
export function sendTargetOf(s: TabState, notOpenSlot: ErrorSlot): Checked<SendTarget> {
  if (s.sessionState !== 'open' || !s.sessionId) {
    return { ok: false, slot: notOpenSlot, error: { code: 'NOT_OPEN', message: 'The session is not open' } };
  }
  const sessionId = s.sessionId;
  const protocol = s.sessionProtocol ?? s.protocol;
  if (protocol === 'udp') {
    const target = parseTarget(s.udpTarget);
    if (!target.ok) return { ok: false, slot: 'sendTarget', error: target.error };
    return { ok: true, value: { sessionId, to: target.value } };
  }
  if (protocol === 'tcp-server' || protocol === 'relay') {
    // A relay's pairs are chosen as a server's clients are; the side says which end of them gets the bytes.
    const side = protocol === 'relay' ? { toward: s.relayToward } : {};
    if (s.serverTarget === 'selected' && s.selectedClients.length > 0) return { ok: true, value: { sessionId, clients: [...s.selectedClients], ...side } };
    return { ok: true, value: { sessionId, client: s.serverTarget === 'selected' ? 'all' : s.serverTarget || 'all', ...side } };
  }
  return { ok: true, value: { sessionId } };
}
