import { CHECKSUM_MODELS, type ChecksumModelInfo } from '@shared/codecs/checksum';

/** The checksum select's value when none is appended. */
export const NO_CHECKSUM = 'none';

/**
 * The models serial and fieldbus devices use most, first in the select and in this order: Modbus RTU, the two
 * CCITT CRC-16s, XMODEM, ARC, USB, CRC-32 and CRC-32C, CRC-8s, then the simple sums.
 */
const COMMON: ReadonlyArray<readonly [id: string, hint: string]> = [
  ['crc-16/modbus', 'Modbus RTU'],
  ['crc-16/ibm-3740', 'CCITT-FALSE'],
  ['crc-16/kermit', 'CCITT'],
  ['crc-16/xmodem', 'XMODEM'],
  ['crc-16/arc', 'IBM'],
  ['crc-16/usb', ''],
  ['crc-32/iso-hdlc', 'zip, Ethernet'],
  ['crc-32/iscsi', 'CRC-32C'],
  ['crc-8/smbus', ''],
  ['crc-8/maxim-dow', '1-Wire'],
  ['sum8', ''],
  ['xor8', ''],
  ['lrc8', ''],
  ['sum16', ''],
];

export type ChecksumGroupId = 'common' | 'sums' | 'crc8' | 'crc16' | 'crc32' | 'otherCrc';

export interface ChecksumChoice {
  readonly id: string;
  readonly label: string;
}

export interface ChecksumGroup {
  readonly group: ChecksumGroupId;
  readonly choices: readonly ChecksumChoice[];
}

function groupOf(info: ChecksumModelInfo): ChecksumGroupId {
  if (info.kind === 'sum') return 'sums';
  if (info.width <= 8) return 'crc8';
  if (info.width === 16) return 'crc16';
  if (info.width === 32) return 'crc32';
  return 'otherCrc';
}

/**
 * One collator for the whole sort: the same order as `a.localeCompare(b)` (the default locale, default options), but
 * localeCompare builds its collator on every call, which made this sort of the catalogue, run as the page starts,
 * take ~15 ms.
 */
const compareNames = new Intl.Collator().compare;
const byWidthThenName = (a: ChecksumModelInfo, b: ChecksumModelInfo): number => a.width - b.width || compareNames(a.id, b.id);

/** Every model once: the common ones first, then the rest by kind and width, each sorted by width and name. */
export const CHECKSUM_GROUPS: readonly ChecksumGroup[] = (() => {
  const common = new Set(COMMON.map(([id]) => id));
  const groups: ChecksumGroup[] = [
    {
      group: 'common',
      choices: COMMON.filter(([id]) => CHECKSUM_MODELS[id]).map(([id, hint]) => ({ id, label: hint ? `${CHECKSUM_MODELS[id]!.name} (${hint})` : CHECKSUM_MODELS[id]!.name })),
    },
  ];
  const rest = Object.values(CHECKSUM_MODELS)
    .filter((info) => !common.has(info.id))
    .sort(byWidthThenName);
  for (const group of ['sums', 'crc8', 'crc16', 'crc32', 'otherCrc'] as const) {
    groups.push({ group, choices: rest.filter((info) => groupOf(info) === group).map((info) => ({ id: info.id, label: info.name })) });
  }
  return groups;
})();

/** The order a model is usually sent in (CRC-16/MODBUS: le): what the order select switches to when the model changes. */
export function naturalOrderOf(id: string): 'le' | 'be' {
  return CHECKSUM_MODELS[id]?.naturalOrder ?? 'be';
}
