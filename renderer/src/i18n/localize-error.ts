import { ENCODINGS } from '@shared/codecs/encoding-list';
import type { AppError, ErrorCode, ErrorParams } from '@shared/contract/errors';
import { framingSentence } from './framing-errors';
import { autoReplySentence, ruleOfError, withoutRule } from './rule-errors';
import { translate, type Lang, type MessageKey } from './i18n';
import { udpAddressingSentence } from './udp-addressing-errors';

/** Why a transport failed, carried in `params.reason` of an INTERNAL error made by the renderer's transports. */
export const TRANSPORT_REASONS = { noToken: 'no-token', badToken: 'bad-token', closed: 'transport-closed' } as const;

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  localAddress: 'field.localAddress',
  localPort: 'field.localPort',
  remoteHost: 'field.remoteHost',
  remotePort: 'field.remotePort',
  clientLocalPort: 'field.clientLocalPort',
  maxClients: 'field.maxClients',
  sendTarget: 'field.sendTarget',
  to: 'field.sendTarget',
  host: 'field.sendTarget',
  port: 'field.sendTarget',
  client: 'field.client',
  bytes: 'field.data',
  data: 'field.data',
  sessionId: 'field.session',
  repeatPeriod: 'field.repeatPeriod',
  periodMs: 'field.repeatPeriod',
  capturePath: 'field.capturePath',
  sendFilePath: 'field.sendFilePath',
  path: 'field.path',
  checksum: 'field.checksum',
  encoding: 'field.encoding',
  relayIdleTimeout: 'field.relayIdleTimeout',
  toward: 'field.toward',
  reconnectFirst: 'field.reconnectFirst',
  reconnectMax: 'field.reconnectMax',
};

/** "config.localPort" → the localized label of its last known segment. */
export function fieldLabel(field: string, lang: Lang): string {
  const segments = field.split('.').reverse();
  for (const segment of segments) {
    const key = FIELD_KEYS[segment];
    if (key) return translate(lang, key);
  }
  return field || translate(lang, 'field.unknown');
}

function str(params: ErrorParams | undefined, name: string): string | undefined {
  const value = params?.[name];
  return value === undefined || value === '' ? undefined : String(value);
}

/** "127.0.0.1:9", "[::1]:9", or whatever of host/port the engine gave. */
function endpointOf(params: ErrorParams | undefined): string | undefined {
  const given = str(params, 'endpoint');
  if (given) return given;
  const host = str(params, 'host') ?? str(params, 'address');
  const port = str(params, 'port');
  if (host && port) return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return host ?? (port ? `:${port}` : undefined);
}

type Sentence = (lang: Lang, params: ErrorParams | undefined, error: AppError) => string;

/** "GBK" for 'gbk': the name the encoding selects show. */
const encodingName = (value: string): string => ENCODINGS.find((encoding) => encoding.value === value)?.name ?? value;

const TEMPLATE_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  unclosed: 'error.template.unclosed',
  empty: 'error.template.empty',
  tooManyFields: 'error.template.tooManyFields',
  unknownField: 'error.template.unknownField',
  badOption: 'error.template.badOption',
  unknownOption: 'error.template.unknownOption',
  duplicateOption: 'error.template.duplicateOption',
  badValue: 'error.template.badValue',
  unknownModel: 'error.template.unknownModel',
  range: 'error.template.range',
  rangeSelf: 'error.template.rangeSelf',
  valueTooLarge: 'error.template.valueTooLarge',
  noCapture: 'error.template.noCapture',
};

/**
 * What the send box's bytes cannot be made of (shared/codecs/send-payload.ts): a template mistake, a character the
 * encoding lacks, a checksum that does not fit. Undefined for any other INVALID_ARGUMENT.
 */
function sendPayloadSentence(lang: Lang, p: ErrorParams | undefined): string | undefined {
  const reason = str(p, 'reason');
  if (reason === 'template') {
    const key = TEMPLATE_PROBLEMS[str(p, 'problem') ?? ''] ?? 'error.template';
    return translate(lang, key, { ...p, position: p?.position ?? '?' });
  }
  if (reason === 'unencodable') {
    return translate(lang, 'error.unencodable', {
      char: str(p, 'char') ?? '?',
      codePoint: str(p, 'codePoint') ?? '?',
      position: p?.position ?? '?',
      encoding: encodingName(str(p, 'encoding') ?? '?'),
    });
  }
  if (reason === 'unknownEncoding') return translate(lang, 'error.unknownEncoding', { encoding: str(p, 'encoding') ?? '' });
  if (reason === 'unknownChecksum') return translate(lang, 'error.checksum.unknown', { model: str(p, 'model') ?? '' });
  if (reason === 'checksumRange') {
    return translate(lang, 'error.checksum.range', { skipStart: p?.skipStart ?? 0, skipEnd: p?.skipEnd ?? 0, length: p?.length ?? 0 });
  }
  return undefined;
}

/**
 * A file operation the engine could not do (capture, file send). The contract has no code for a full disk, so
 * the engine sends INTERNAL with the OS code in `reason` (electron/engine/file-errors.ts).
 */
function fileSentence(lang: Lang, path: string, reason: string | undefined): string {
  if (reason === 'ENOSPC' || reason === 'EDQUOT') return translate(lang, 'error.file.ENOSPC', { path });
  if (reason === 'EIO') return translate(lang, 'error.file.EIO', { path });
  // A capture into a FIFO whose reader went away.
  if (reason === 'EPIPE') return translate(lang, 'error.file.EPIPE', { path });
  return translate(lang, 'error.file.other', { path, reason: reason ?? '?' });
}

/** A relay's own INVALID_ARGUMENT reasons (issue 10); undefined for any other. */
function relaySentence(lang: Lang, p: ErrorParams | undefined): string | undefined {
  switch (str(p, 'reason')) {
    case 'relayLoop':
      return translate(lang, 'error.relayLoop', { endpoint: str(p, 'endpoint') ?? '?' });
    case 'relayToward':
      return translate(lang, 'error.relayToward');
    case 'notRelay':
      return translate(lang, 'error.notRelay');
    case 'relayIdleTimeout':
      return translate(lang, 'validate.relayIdleTimeout', { min: p?.min ?? 1, max: p?.max ?? 86_400 });
    case 'relayMaxPairs':
      return translate(lang, 'validate.relayMaxPairs', { max: p?.max ?? 10_000 });
    default:
      return undefined;
  }
}

/** One sentence builder per code; `Record<ErrorCode, …>` makes a missing code a type error. */
const SENTENCES: Readonly<Record<ErrorCode, Sentence>> = {
  EADDRINUSE: (lang, p) => {
    const port = str(p, 'port');
    return port ? translate(lang, 'error.EADDRINUSE.port', { port }) : translate(lang, 'error.EADDRINUSE');
  },
  EADDRNOTAVAIL: (lang, p) => {
    const address = str(p, 'address') ?? str(p, 'host');
    return address ? translate(lang, 'error.EADDRNOTAVAIL.address', { address }) : translate(lang, 'error.EADDRNOTAVAIL');
  },
  EACCES: (lang, p) => {
    // A send the OS refused (a broadcast address without broadcast enabled, a firewall): not a privileged port.
    if (str(p, 'reason') === 'send') return translate(lang, 'error.EACCES.send', { endpoint: endpointOf(p) ?? '?' });
    const port = str(p, 'port');
    if (port) return translate(lang, 'error.EACCES.port', { port });
    const path = str(p, 'path');
    // The engine folds EROFS into EACCES ("not allowed to write here") and keeps the OS code in `reason`.
    if (path && str(p, 'reason') === 'EROFS') return translate(lang, 'error.EACCES.readOnly', { path });
    // A folder the page's folder browser may not list (system.listDirectory).
    if (path && str(p, 'reason') === 'listDirectory') return translate(lang, 'error.EACCES.list', { path });
    return path ? translate(lang, 'error.EACCES.path', { path }) : translate(lang, 'error.EACCES');
  },
  ECONNREFUSED: (lang, p) => {
    const endpoint = endpointOf(p);
    return endpoint ? translate(lang, 'error.ECONNREFUSED.endpoint', { endpoint }) : translate(lang, 'error.ECONNREFUSED');
  },
  ECONNRESET: (lang, p) => {
    const endpoint = endpointOf(p);
    return endpoint ? translate(lang, 'error.ECONNRESET.endpoint', { endpoint }) : translate(lang, 'error.ECONNRESET');
  },
  ETIMEDOUT: (lang, p) => {
    // A file the engine gave up on (settings on a hung network mount): `ms` is the limit it waited.
    // Folder listings that timed out still hang (a dead mount): the engine takes no more for now.
    if (str(p, 'reason') === 'listingBusy') return translate(lang, 'error.ETIMEDOUT.listingBusy');
    const path = str(p, 'path');
    if (path && typeof p?.ms === 'number') return translate(lang, 'error.ETIMEDOUT.path', { path, seconds: p.ms / 1000 });
    const endpoint = endpointOf(p);
    return endpoint ? translate(lang, 'error.ETIMEDOUT.endpoint', { endpoint }) : translate(lang, 'error.ETIMEDOUT');
  },
  EHOSTUNREACH: (lang, p) => {
    const host = str(p, 'host') ?? str(p, 'address');
    return host ? translate(lang, 'error.EHOSTUNREACH.host', { host }) : translate(lang, 'error.EHOSTUNREACH');
  },
  ENETUNREACH: (lang, p) => {
    const host = str(p, 'host') ?? str(p, 'address');
    return host ? translate(lang, 'error.ENETUNREACH.host', { host }) : translate(lang, 'error.ENETUNREACH');
  },
  ENOTFOUND: (lang, p) => {
    const host = str(p, 'host') ?? str(p, 'address');
    return host ? translate(lang, 'error.ENOTFOUND.host', { host }) : translate(lang, 'error.ENOTFOUND');
  },
  EPIPE: (lang) => translate(lang, 'error.EPIPE'),
  EMFILE: (lang) => translate(lang, 'error.EMFILE'),
  INVALID_HEX: (lang, p) => {
    const position = str(p, 'position');
    const char = str(p, 'char');
    const group = str(p, 'group');
    if (position && char) return translate(lang, 'error.INVALID_HEX.char', { position, char });
    if (position && group) return translate(lang, 'error.INVALID_HEX.group', { position, group });
    return translate(lang, 'error.INVALID_HEX');
  },
  INVALID_ARGUMENT: (lang, p, error) => {
    const field = str(p, 'field');
    const reason = str(p, 'reason');
    const label = field ? fieldLabel(field, lang) : translate(lang, 'field.unknown');
    const rule = autoReplySentence(lang, p, error);
    if (rule) return rule;
    const payload = sendPayloadSentence(lang, p);
    if (payload) return payload;
    const framing = framingSentence(lang, p);
    if (framing) return framing;
    if (reason === 'port') return translate(lang, 'validate.port', { field: label });
    if (reason === 'portOrAny') return translate(lang, 'validate.portOrAny', { field: label });
    if (reason === 'host') return translate(lang, 'validate.host', { field: label });
    if (reason === 'target') return translate(lang, 'validate.target');
    if (reason === 'empty') return translate(lang, 'validate.empty');
    if (reason === 'maxClients') return translate(lang, 'validate.maxClients', { max: p?.max ?? 100_000 });
    const relay = relaySentence(lang, p);
    if (relay) return relay;
    if (reason === 'period') return translate(lang, 'validate.period', { min: p?.min ?? 1, max: p?.max ?? 3_600_000 });
    if (reason === 'reconnectDelay') return translate(lang, 'validate.reconnectDelay', { field: label, min: String(p?.min ?? 0.1), max: String(p?.max ?? 3600) });
    if (reason === 'reconnectOrder') return translate(lang, 'validate.reconnectOrder');
    if (reason === 'pathEmpty') return translate(lang, 'validate.pathEmpty', { field: label });
    if (reason === 'absolutePath') return translate(lang, 'validate.absolutePath', { field: label });
    const path = str(p, 'path');
    // A FIFO, a device, a socket or a directory where a file was expected (NOT_REGULAR_FILE in file-errors.ts).
    if (path && reason === 'notRegularFile') return translate(lang, 'error.file.notRegular', { path });
    // A capture into a FIFO no program reads (FIFO_NO_READER in file-errors.ts).
    if (path && reason === 'fifoNoReader') return translate(lang, 'error.file.fifoNoReader', { path });
    // A file's path where the folder browser wanted a folder (system.listDirectory).
    if (path && reason === 'notDirectory') return translate(lang, 'error.notFolder', { path });
    // system.pickPath sent to a host without a file dialog (the page uses its own then: never expected).
    if (reason === 'noNativeDialog') return translate(lang, 'error.noNativeDialog');
    // The engine could open the path, but not as a file (a directory, or a file inside a non-directory).
    if (path) return translate(lang, 'error.INVALID_ARGUMENT.path', { path });
    const escape = str(p, 'escape');
    const position = str(p, 'position');
    if (escape && position) return translate(lang, 'error.INVALID_ARGUMENT.escape', { escape, position });
    if (field) return translate(lang, 'error.INVALID_ARGUMENT.field', { field: label });
    return translate(lang, 'error.INVALID_ARGUMENT');
  },
  TOO_LARGE: (lang, p) => {
    const size = p?.size;
    const max = p?.max;
    // A UDP datagram over its IP version's limit (the engine refuses it before the kernel's EMSGSIZE).
    if (str(p, 'reason') === 'udpDatagram' && size !== undefined && max !== undefined) return translate(lang, 'error.TOO_LARGE.udpDatagram', { size, max, family: str(p, 'family') ?? '?' });
    return size !== undefined && max !== undefined ? translate(lang, 'error.TOO_LARGE.sizeMax', { size, max }) : translate(lang, 'error.TOO_LARGE');
  },
  NOT_OPEN: (lang) => translate(lang, 'error.NOT_OPEN'),
  NOT_FOUND: (lang, p) => {
    // A relay pair that cannot take injected bytes that way now (server side still connecting, or a side closed).
    if (str(p, 'reason') === 'relaySide') return translate(lang, str(p, 'side') === 'client' ? 'error.relaySide.client' : 'error.relaySide.server');
    const client = str(p, 'client');
    // The engine answers a send to 'all' with nobody connected with NOT_FOUND {client: 'all'}.
    if (client === 'all') return translate(lang, 'error.NOT_FOUND.noClients');
    const path = str(p, 'path');
    if (path && str(p, 'reason') === 'listDirectory') return translate(lang, 'error.NOT_FOUND.folder', { path });
    if (path) return translate(lang, 'error.NOT_FOUND.path', { path });
    return client ? translate(lang, 'error.NOT_FOUND.client', { client }) : translate(lang, 'error.NOT_FOUND');
  },
  // With a path: a second file send on a session that is still sending one.
  QUEUE_FULL: (lang, p) => {
    if (str(p, 'path')) return translate(lang, 'error.QUEUE_FULL.path');
    // A connection whose peer does not read: who, and how many bytes already wait for it (the engine's cap).
    const endpoint = endpointOf(p);
    const queued = p?.['queued'];
    const max = p?.['max'];
    if (endpoint && typeof queued === 'number' && typeof max === 'number') return translate(lang, 'error.QUEUE_FULL.notReading', { endpoint, queued, max });
    return translate(lang, 'error.QUEUE_FULL');
  },
  CLOSED_DURING_SEND: (lang, p) => {
    // Why the send was cut short (electron/engine/send-end.ts): the peer's reset, the session's close, a kick.
    const endpoint = endpointOf(p);
    switch (str(p, 'reason')) {
      case 'reset':
        return endpoint ? translate(lang, 'error.CLOSED_DURING_SEND.reset.endpoint', { endpoint }) : translate(lang, 'error.CLOSED_DURING_SEND.reset');
      case 'closed':
        return translate(lang, 'error.CLOSED_DURING_SEND.closed');
      case 'kicked':
        return translate(lang, 'error.CLOSED_DURING_SEND.kicked', { endpoint: endpoint ?? '?' });
      default:
        return translate(lang, 'error.CLOSED_DURING_SEND');
    }
  },
  TAKEN_OVER: (lang) => translate(lang, 'error.TAKEN_OVER'),
  INTERNAL: (lang, p, error) => {
    const reason = str(p, 'reason');
    if (reason === TRANSPORT_REASONS.noToken) return translate(lang, 'host.noToken');
    if (reason === TRANSPORT_REASONS.badToken) return translate(lang, 'host.badToken');
    if (reason === TRANSPORT_REASONS.closed) return translate(lang, 'host.closed');
    const path = str(p, 'path');
    if (path) return fileSentence(lang, path, reason);
    return error.message ? translate(lang, 'error.INTERNAL.message', { message: error.message }) : translate(lang, 'error.INTERNAL');
  },
};

/**
 * The sentence a person reads for an error: built from `code` + `params` in their language. `message` (English,
 * from wherever the error was made) is used only when the code is not one we know.
 */
export function localizeError(error: AppError, lang: Lang): string {
  // 广播 / 组播: their reasons say it better than their codes (EACCES, EADDRNOTAVAIL, INVALID_ARGUMENT, NOT_FOUND).
  const addressing = udpAddressingSentence(lang, error);
  if (addressing !== undefined) return addressing;
  // An auto-reply rule's mistake says which rule, then what (in the code's own words).
  const rule = ruleOfError(error);
  if (rule) return translate(lang, 'autoReply.err.rule', { rule: rule.rule, name: rule.name, error: localizeError(withoutRule(error), lang) });
  const sentence = SENTENCES[error.code] as Sentence | undefined;
  return sentence ? sentence(lang, error.params, error) : error.message;
}
