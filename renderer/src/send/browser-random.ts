/** Random bytes for {{random}} fields of a single send and the preview (the engine uses node:crypto). */
export function browserRandom(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues takes at most 65 536 bytes a call; a template field asks for at most 1 024.
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
  return bytes;
}
