/**
 * shared/ sees neither the DOM nor node:*, but both sides have the WHATWG Encoding API globally.
 * Declare just the part the codecs use.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
