import { crcOfCheckedModel } from './crc';
import { CRC_CATALOGUE, type CrcCatalogueModel } from './crc-catalogue';
import { adler32, fletcher16 } from './fletcher-adler';
import { lrc8, sum16, sum8, twosComplementSum8, xor8 } from './simple-sums';
import type { ChecksumByteOrder } from './uint-bytes';

export type ChecksumKind = 'crc' | 'sum';

/** What a checksum select needs to know about one model; `id` is the value it stores (DESIGN's `checksum`). */
export interface ChecksumModelInfo {
  /** Lower case: 'crc-16/modbus', 'crc-32/iso-hdlc', 'sum8', 'xor8', 'lrc8'… */
  readonly id: string;
  /** As published: 'CRC-16/MODBUS', 'SUM8'… */
  readonly name: string;
  /** Width of the value in bits; the appended field is ceil(width / 8) bytes. */
  readonly width: number;
  readonly kind: ChecksumKind;
  /** Other published names, matched case-insensitively by resolveChecksumId. */
  readonly aliases: readonly string[];
  /** The value over the nine ASCII bytes "123456789", as the RevEng catalogue gives it for CRCs. */
  readonly check: bigint;
  /**
   * The byte order the value is usually sent in when the user has not chosen one: least significant byte first
   * for CRCs that read bytes LSB first (refin, e.g. Modbus RTU sends C5 CD for 0xCDC5), most significant first
   * otherwise (RevEng's codeword convention); big-endian for the sums, as RFC 1950 stores Adler-32.
   */
  readonly naturalOrder: ChecksumByteOrder;
}

export interface ChecksumEntry {
  readonly info: ChecksumModelInfo;
  readonly compute: (bytes: Uint8Array) => bigint;
}

interface SumDefinition {
  readonly id: string;
  readonly name: string;
  readonly width: number;
  readonly aliases: readonly string[];
  readonly check: bigint;
  readonly compute: (bytes: Uint8Array) => number;
}

/** Check values over "123456789" (0x31…0x39, sum 0x1DD), verified by hand and against Python's zlib.adler32. */
const SUMS: readonly SumDefinition[] = [
  { id: 'sum8', name: 'SUM8', width: 8, aliases: [], check: 0xddn, compute: sum8 },
  { id: 'sum16', name: 'SUM16', width: 16, aliases: [], check: 0x01ddn, compute: sum16 },
  { id: 'xor8', name: 'XOR8 (BCC)', width: 8, aliases: ['BCC', 'XOR'], check: 0x31n, compute: xor8 },
  { id: 'lrc8', name: 'LRC8 (Modbus ASCII)', width: 8, aliases: ['LRC', 'Modbus LRC'], check: 0x23n, compute: lrc8 },
  {
    id: 'sum8-twos-complement',
    name: "SUM8 two's complement (Intel HEX)",
    width: 8,
    aliases: ['Intel HEX checksum'],
    check: 0x23n,
    compute: twosComplementSum8,
  },
  { id: 'fletcher16', name: 'Fletcher-16', width: 16, aliases: ['Fletcher-16'], check: 0x1eden, compute: fletcher16 },
  { id: 'adler32', name: 'Adler-32', width: 32, aliases: ['Adler-32'], check: 0x091e01den, compute: adler32 },
];

function sumEntry(sum: SumDefinition): ChecksumEntry {
  const { compute, ...rest } = sum;
  return { info: { ...rest, kind: 'sum', naturalOrder: 'be' }, compute: (bytes) => BigInt(compute(bytes)) };
}

function crcEntry(model: CrcCatalogueModel): ChecksumEntry {
  const info: ChecksumModelInfo = {
    id: model.name.toLowerCase(),
    name: model.name,
    width: model.width,
    kind: 'crc',
    aliases: model.aliases,
    check: model.check,
    naturalOrder: model.refin ? 'le' : 'be',
  };
  return { info, compute: (bytes) => crcOfCheckedModel(model, bytes) };
}

const ENTRIES: ReadonlyMap<string, ChecksumEntry> = new Map(
  [...SUMS.map(sumEntry), ...CRC_CATALOGUE.map(crcEntry)].map((entry) => [entry.info.id, entry]),
);

/** Lower-case id or alias → id, so 'CRC-16/MODBUS', 'MODBUS' and 'crc-16/modbus' all find the same model. */
const LOOKUP: ReadonlyMap<string, string> = new Map(
  [...ENTRIES.values()].flatMap(({ info }) => [info.id, ...info.aliases.map((alias) => alias.toLowerCase())].map((key) => [key, info.id])),
);

/**
 * Every checksum model by id: the sums first, then the CRC catalogue in its order. A null-prototype object, so
 * an id such as "constructor" or "__proto__" finds nothing rather than an Object method.
 */
export const CHECKSUM_MODELS: Readonly<Record<string, ChecksumModelInfo>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, ChecksumModelInfo>, Object.fromEntries([...ENTRIES].map(([id, entry]) => [id, entry.info]))),
);

/** The id for an id, name or alias in any case, or undefined when no model has that name. */
export function resolveChecksumId(text: string): string | undefined {
  return typeof text === 'string' ? LOOKUP.get(text.toLowerCase()) : undefined;
}

/** The model with its compute function (the value over the bytes given: no range, no byte order), by exact id. */
export function checksumEntry(id: string): ChecksumEntry | undefined {
  return ENTRIES.get(id);
}
