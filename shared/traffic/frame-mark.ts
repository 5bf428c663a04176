/**
 * What produced a log frame besides the user and the socket: a reply of an auto-reply rule (its name), a step of a
 * test sequence (its name), or a leg of a relay (which way the bytes went). Travels as a short string so the batch
 * codec can list each once per batch; `describeFrameMark` turns it back into parts for the log row.
 */
export type FrameMark = `rule:${string}` | `sequence:${string}` | RelayLegMark | RelayInjectMark;

export type RelayLeg = 'client-to-server' | 'server-to-client';
export type RelayLegMark = `relay:${RelayLeg}`;
/** Bytes the user injected into a relay (its send box), toward the server or toward a client. */
export type RelayInjectMark = `relay:inject-to-${'server' | 'client'}`;

export type FrameMarkParts =
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'sequence'; readonly name: string }
  | { readonly kind: 'relay'; readonly leg: RelayLeg }
  | { readonly kind: 'relay-inject'; readonly toward: 'server' | 'client' };

/** Longest name a mark carries (a rule's or sequence's name is limited to this in the contract). */
export const MAX_MARK_NAME_CHARS = 64;

export function ruleMark(name: string): FrameMark {
  return `rule:${name.slice(0, MAX_MARK_NAME_CHARS)}`;
}

export function sequenceMark(name: string): FrameMark {
  return `sequence:${name.slice(0, MAX_MARK_NAME_CHARS)}`;
}

export function relayMark(leg: RelayLeg): RelayLegMark {
  return `relay:${leg}`;
}

export function relayInjectMark(toward: 'server' | 'client'): RelayInjectMark {
  return `relay:inject-to-${toward}`;
}

/** The parts of a mark, or undefined for a string that is not one (a corrupt batch). */
export function describeFrameMark(mark: string): FrameMarkParts | undefined {
  const colon = mark.indexOf(':');
  if (colon < 0) return undefined;
  const kind = mark.slice(0, colon);
  const rest = mark.slice(colon + 1);
  if (rest.length > MAX_MARK_NAME_CHARS) return undefined;
  if (kind === 'rule' || kind === 'sequence') return { kind, name: rest };
  if (kind === 'relay' && (rest === 'client-to-server' || rest === 'server-to-client')) return { kind, leg: rest };
  if (kind === 'relay' && (rest === 'inject-to-server' || rest === 'inject-to-client')) return { kind: 'relay-inject', toward: rest === 'inject-to-server' ? 'server' : 'client' };
  return undefined;
}

export function isFrameMark(value: unknown): value is FrameMark {
  return typeof value === 'string' && describeFrameMark(value) !== undefined;
}
