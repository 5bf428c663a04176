import { describe, expect, it } from 'vitest';
import { crc, crcBytes } from './crc';
import { bitwiseResidue } from './crc-bitwise';
import { CRC_CATALOGUE } from './crc-catalogue';
import { checkCrcParams } from './crc-params';

const CHECK_INPUT = new TextEncoder().encode('123456789');

describe('CRC_CATALOGUE', () => {
  it('holds the 112 models of the RevEng catalogue plus CRC-64/NVME, from CRC-3/GSM to CRC-82/DARC', () => {
    expect(CRC_CATALOGUE).toHaveLength(113);
    expect(CRC_CATALOGUE[0]?.name).toBe('CRC-3/GSM');
    expect(CRC_CATALOGUE.at(-1)?.name).toBe('CRC-82/DARC');
  });

  // The check values make each row self-verifying: a mistyped width, poly, init, refin, refout or xorout changes
  // the CRC of "123456789". The residue is a second, independent check of poly, xorout, refin and refout.
  it.each(CRC_CATALOGUE.map((model) => [model.name, model] as const))('%s: valid parameters, check and residue', (_name, model) => {
    expect(checkCrcParams(model).ok).toBe(true);
    const result = crc(model, CHECK_INPUT);
    expect(result.ok && result.value.toString(16)).toBe(model.check.toString(16));
    expect(bitwiseResidue(model).toString(16)).toBe(model.residue.toString(16));
  });

  it('has unique names, and aliases that name one model only', () => {
    const seen = new Map<string, string>();
    for (const model of CRC_CATALOGUE) {
      for (const label of [model.name, ...model.aliases]) {
        const key = label.toUpperCase();
        expect(seen.get(key), `${label} of ${model.name}`).toBeUndefined();
        seen.set(key, model.name);
      }
    }
  });

  it.each([
    ['CRC-16/MODBUS', 'MODBUS'],
    ['CRC-32/ISO-HDLC', 'CRC-32'],
    ['CRC-32/ISO-HDLC', 'PKZIP'],
    ['CRC-16/ARC', 'ARC'],
    ['CRC-16/ARC', 'CRC-16'],
    ['CRC-16/KERMIT', 'CRC-CCITT'],
    ['CRC-16/XMODEM', 'XMODEM'],
    ['CRC-16/IBM-3740', 'CRC-16/CCITT-FALSE'],
    ['CRC-8/MAXIM-DOW', 'CRC-8/MAXIM'],
    ['CRC-32/ISCSI', 'CRC-32C'],
    ['CRC-64/XZ', 'CRC-64/GO-ECMA'],
  ])('%s is also known as %s', (name, alias) => {
    expect(CRC_CATALOGUE.find((model) => model.name === name)?.aliases).toContain(alias);
  });

  it('appends C5 CD to the Modbus RTU request 01 03 00 00 00 0A (CRC-16/MODBUS, low byte first)', () => {
    const modbus = CRC_CATALOGUE.find((model) => model.name === 'CRC-16/MODBUS');
    expect(modbus).toBeDefined();
    if (!modbus) return;
    const request = Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a);
    const field = crcBytes(modbus, request, 'le');
    expect(field.ok && Array.from([...request, ...field.value])).toEqual([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd]);
    // A receiver running the CRC over the whole frame gets the residue, 0 for Modbus.
    const whole = crc(modbus, Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a, 0xc5, 0xcd));
    expect(whole.ok && whole.value).toBe(0n);
  });
});
