import { encodeSendLiteral } from '@shared/codecs/send-payload';
import type { AppError } from '@shared/contract/errors';
import { plainSendSpec } from '@shared/contract/send-spec';
import { QUICK_COMMAND_LIMITS, type QuickCommandDraft } from './quick-command';

/**
 * Packet Sender's saved packets (packets.ini, written by Qt's QSettings in INI format): one section per packet,
 * `[name]`, with name, hexString, toIP, port, tcpOrUdp, fromIP, fromPort, sendResponse, repeat, requestPath,
 * timestamp… We keep the name and the payload (hexString, as a HEX command); where to send and how often are
 * the tab's business here, so those keys are ignored. Sections without packet keys (the list of names, General)
 * are not packets and are passed over silently.
 */
export const PACKET_SENDER_GROUP = 'Packet Sender';

export type PacketSkipReason = 'noPayload' | 'badHex' | 'http';

export interface PacketSenderImport {
  readonly commands: readonly QuickCommandDraft[];
  /** Packets left out and why; a bad HEX payload also carries the codec's error, for the page to say in its language. */
  readonly skipped: readonly { readonly name: string; readonly reason: PacketSkipReason; readonly error?: AppError }[];
}

/** undefined: the text has no packet section at all (not a packets.ini). */
export function parsePacketSenderIni(text: string): PacketSenderImport | undefined {
  const sections = readIni(text);
  const commands: QuickCommandDraft[] = [];
  const skipped: { name: string; reason: PacketSkipReason; error?: AppError }[] = [];
  let packets = 0;
  for (const [section, keys] of sections) {
    if (!keys.has('hexString') && !keys.has('tcpOrUdp')) continue;
    packets++;
    const name = (keys.get('name') || section).trim().slice(0, QUICK_COMMAND_LIMITS.nameChars) || section.slice(0, QUICK_COMMAND_LIMITS.nameChars);
    // An HTTP packet's payload is a request body for a URL, not bytes for a socket.
    if (/http/i.test(keys.get('tcpOrUdp') ?? '')) {
      skipped.push({ name, reason: 'http' });
      continue;
    }
    const hex = (keys.get('hexString') ?? '').trim();
    if (!hex) {
      skipped.push({ name, reason: 'noPayload' });
      continue;
    }
    const spec = plainSendSpec(hex, 'hex');
    const bytes = encodeSendLiteral(hex, spec);
    if (!bytes.ok) {
      skipped.push({ name, reason: 'badHex', error: bytes.error });
      continue;
    }
    commands.push({ name, group: PACKET_SENDER_GROUP, spec });
  }
  return packets === 0 ? undefined : { commands, skipped };
}

/** Sections in file order, each with its keys (QSettings' escapes undone); keys before any section are [General]'s. */
export function readIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current = sectionOf(sections, 'General');
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      current = sectionOf(sections, unescapeKey(header[1]!));
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    current.set(unescapeKey(line.slice(0, eq).trim()), unescapeValue(line.slice(eq + 1).trim()));
  }
  for (const [name, keys] of sections) if (keys.size === 0) sections.delete(name);
  return sections;
}

function sectionOf(sections: Map<string, Map<string, string>>, name: string): Map<string, string> {
  const existing = sections.get(name);
  if (existing) return existing;
  const created = new Map<string, string>();
  sections.set(name, created);
  return created;
}

/** QSettings writes a key or section character outside [A-Za-z0-9_-.] as %XX, or %UXXXX above 0xFF. */
export function unescapeKey(key: string): string {
  return key.replace(/%U([0-9A-Fa-f]{4})|%([0-9A-Fa-f]{2})/g, (_whole, wide: string | undefined, narrow: string | undefined) =>
    String.fromCharCode(parseInt(wide ?? narrow ?? '0', 16)),
  );
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0', '"': '"', '\\': '\\', "'": "'", '?': '?', ';': ';', ',': ',', '=': '=' };

/**
 * A QSettings value: quoted parts (a value with commas, spaces at its ends or `;` is quoted), backslash escapes
 * (\n, \\, \", \xHHHH), and @String(…) / @ByteArray(…) wrappers, as Qt writes them.
 */
export function unescapeValue(value: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) break; // a comment after the value
    else if (c === '\\' && i + 1 < value.length) {
      const next = value[i + 1]!;
      const hex = next === 'x' ? /^[0-9A-Fa-f]{1,4}/.exec(value.slice(i + 2)) : null;
      if (hex) {
        out += String.fromCharCode(parseInt(hex[0], 16));
        i += 1 + hex[0].length;
      } else {
        out += SIMPLE_ESCAPES[next] ?? next;
        i++;
      }
    } else out += c;
  }
  const wrapped = /^@(?:String|ByteArray)\(([\s\S]*)\)$/.exec(out);
  return wrapped ? wrapped[1]! : out;
}
