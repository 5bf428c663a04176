import { fail, ok, type Result } from '../contract/errors';
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
  if (typeof v !== 'object' || v === null) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === BLOB_KEY && typeof (v as Record<string, unknown>)[BLOB_KEY] === 'number';
}

/** Never throws: a malformed message is an error value. Blob bytes are views into `message`. */
export function decodeWireMessage(message: Uint8Array): Result<unknown> {
  const bad = (why: string): Result<unknown> => fail('INVALID_ARGUMENT', `Malformed message: ${why}`);
  if (message.length < 4) return bad('too short');
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const jsonLength = view.getUint32(0, true);
  if (4 + jsonLength > message.length) return bad('JSON overruns message');
  const blobs: Uint8Array[] = [];
  let offset = 4 + jsonLength;
  while (offset < message.length) {
    if (offset + 4 > message.length) return bad('truncated blob length');
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > message.length) return bad('blob overruns message');
    blobs.push(message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  let missingBlob = false;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(message.subarray(4, 4 + jsonLength)), (_key, v: unknown) => {
      if (!isBlobRef(v)) return v;
      const blob = blobs[v[BLOB_KEY]];
      if (!blob) missingBlob = true;
      return blob;
    });
  } catch {
    return bad('not JSON');
  }
  return missingBlob ? bad('reference to a missing blob') : ok(value);
}

/** Messages on the browser host's WebSocket. */
export type WireMessage =
  | { readonly t: 'invoke'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly t: 'result'; readonly id: number; readonly result: unknown }
  | { readonly t: 'event'; readonly name: string; readonly payload: unknown };
