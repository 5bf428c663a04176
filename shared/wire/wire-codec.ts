import { ok, type AppError } from '../contract/errors';
import { decodeUtf8, encodeUtf8 } from '../codecs/text';

/**
 * Encodes any JSON-shaped value that may contain Uint8Arrays into one binary WebSocket message, keeping the
 * bytes binary (no base64, no arrays of numbers):
 *
 *   u32 jsonLength | JSON (UTF-8; each Uint8Array replaced by {"$bin": index}) | per blob: u32 length | bytes
 *
 * Little-endian. Used by the browser host and the renderer's WebSocket transport in both directions.
 */
const BLOB_KEY = '$bin';

export function encodeWireMessage(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) {
      blobs.push(v);
      return { [BLOB_KEY]: blobs.length - 1 };
    }
    return v;
  });
  const jsonBytes = encodeUtf8(json ?? 'null');
  let total = 4 + jsonBytes.length;
  for (const blob of blobs) total += 4 + blob.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, jsonBytes.length, true);
  out.set(jsonBytes, 4);
  let offset = 4 + jsonBytes.length;
  for (const blob of blobs) {
    view.setUint32(offset, blob.length, true);
    out.set(blob, offset + 4);
    offset += 4 + blob.length;
  }
  return out;
}

function isBlobRef(v: unknown): v is { [BLOB_KEY]: number } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === BLOB_KEY && typeof (v as Record<string, unknown>)[BLOB_KEY] === 'number';
}

/** What a request id (WireMessage.id) may be: a non-negative safe integer. */
export function isWireId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Deepest nesting of a message's JSON. Far beyond any contract message (they nest a few levels), and far within
 * the call stack of the recursive walk below, so depth is refused as a value instead of a RangeError.
 */
export const MAX_WIRE_DEPTH = 256;

/**
 * The outcome of decoding. A failure carries the message's id when its JSON header parsed and names a request id,
 * so that the host can answer the sender instead of leaving its request unanswered forever.
 */
export type WireDecodeResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: AppError; readonly id?: number };

function malformed(why: string, header?: unknown): WireDecodeResult {
  const error: AppError = { code: 'INVALID_ARGUMENT', message: `Malformed message: ${why}` };
  const id = typeof header === 'object' && header !== null ? (header as Record<string, unknown>).id : undefined;
  return isWireId(id) ? { ok: false, error, id } : { ok: false, error };
}

/** Splits the blob section into views of `message`, or says why it is not well-formed. */
function readBlobs(message: Uint8Array, view: DataView, start: number): Uint8Array[] | string {
  const blobs: Uint8Array[] = [];
  let offset = start;
  while (offset < message.length) {
    if (offset + 4 > message.length) return 'truncated blob length';
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > message.length) return 'blob overruns message';
    blobs.push(message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return blobs;
}

/**
 * Replaces each {"$bin": index} under `container` by its blob, in place; says why when it cannot. Assignment
 * keeps a "__proto__" key an ordinary property: JSON.parse made it an own data property, which [[Set]] updates.
 */
function placeBlobs(container: Record<string, unknown>, blobs: readonly Uint8Array[], depth: number): string | undefined {
  if (depth > MAX_WIRE_DEPTH) return `nested deeper than ${MAX_WIRE_DEPTH} levels`;
  for (const key of Object.keys(container)) {
    const child = container[key];
    if (typeof child !== 'object' || child === null) continue;
    if (isBlobRef(child)) {
      const blob = blobs[child[BLOB_KEY]];
      if (!blob) return 'reference to a missing blob';
      container[key] = blob;
      continue;
    }
    const why = placeBlobs(child as Record<string, unknown>, blobs, depth + 1);
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * Never throws: a malformed message is an error value. Blob bytes are views into `message`.
 *
 * The header is parsed first and without a reviver: V8's JSON.parse has no depth limit of its own, while a reviver
 * recurses and overflows the stack on deep input. So whatever fails afterwards (framing, blob references, depth)
 * can still report the id. A header that is not JSON reports none: bytes that do not parse cannot be trusted to
 * name the right request.
 */
export function decodeWireMessage(message: Uint8Array): WireDecodeResult {
  if (message.length < 4) return malformed('too short');
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const jsonLength = view.getUint32(0, true);
  if (4 + jsonLength > message.length) return malformed('JSON overruns message');
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8(message.subarray(4, 4 + jsonLength)));
  } catch {
    return malformed('not JSON');
  }
  const blobs = readBlobs(message, view, 4 + jsonLength);
  if (typeof blobs === 'string') return malformed(blobs, header);
  const root: Record<string, unknown> = { value: header };
  const why = placeBlobs(root, blobs, 0);
  return why === undefined ? ok(root.value) : malformed(why, header);
}

/** Messages on the browser host's WebSocket. */
export type WireMessage =
  | { readonly t: 'invoke'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly t: 'result'; readonly id: number; readonly result: unknown }
  | { readonly t: 'event'; readonly name: string; readonly payload: unknown };
