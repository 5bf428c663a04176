import { plainSendSpec } from '@shared/contract/send-spec';
import { mutatedArbitrary, wireValue } from '@shared/test-support/hostile-values';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuickCommand } from './quick-command';
import { exportQuickCommands, jsonErrorLine, parseQuickFile } from './quick-file';

const list: QuickCommand[] = [
  { id: 'q1', name: 'Read holding', group: 'Modbus', spec: { ...plainSendSpec('01 03 00 00 00 02', 'hex'), checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } }, hotkey: 'F2' },
  { id: 'q2', name: 'AT', group: '', spec: { ...plainSendSpec('AT{{counter}}'), appendCrlf: true, encoding: 'gbk' } },
];
const exported: unknown = JSON.parse(exportQuickCommands(list));

/** An answer, whatever the file: the commands, or why not. */
function expectAnswer(text: string): void {
  const parsed = parseQuickFile(text);
  if (parsed.ok) expect(Array.isArray(parsed.commands)).toBe(true);
  else expect(['notJson', 'notOurs', 'version', 'tooMany', 'badEntry']).toContain(parsed.error.kind);
}

describe('parseQuickFile (a quick-command file the user opens) never throws', () => {
  it('on any text and any JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), expectAnswer), { numRuns: 1000 });
  });

  it('on our export with fields replaced, removed, added (hostile keys too) or wrapped', () => {
    fc.assert(
      fc.property(mutatedArbitrary([exported], wireValue), (mutated) => expectAnswer(JSON.stringify(mutated) ?? 'null')),
      { numRuns: 500 },
    );
  });

  // Found by the property above: String(version) threw on an object whose toString is not a function, and zod's
  // safeParse threw on a field whose `length` cannot be compared; the import then failed with an uncaught error.
  it('answers a version and a field that cannot be converted or compared (regression)', () => {
    expect(parseQuickFile('{"format":"socketdesk-quick-commands","version":{"toString":1},"commands":[]}')).toEqual({ ok: false, error: { kind: 'version', version: '{"toString":1}' } });
    const field = parseQuickFile('{"format":"socketdesk-quick-commands","version":1,"commands":[{"name":{"length":{"toString":1}},"group":"","spec":{}}]}');
    expect(field).toMatchObject({ ok: false, error: { kind: 'badEntry', index: 1, line: 1 } });
  });

  it('jsonErrorLine reads any parse message without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("Unexpected token ',', ...\"x\" is not valid JSON", 'line 3 column 2', 'at position 99999', 'Unexpected end of JSON input')), (text, message) => {
        const line = jsonErrorLine(text, message);
        if (line !== undefined) expect(Number.isInteger(line)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
