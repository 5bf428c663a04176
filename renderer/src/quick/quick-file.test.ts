import { describe, expect, it } from 'vitest';
import { plainSendSpec } from '@shared/contract/send-spec';
import type { QuickCommand } from './quick-command';
import { exportQuickCommands, parseQuickFile } from './quick-file';

const list: QuickCommand[] = [
  { id: 'q1', name: 'Read holding', group: 'Modbus', spec: { ...plainSendSpec('01 03 00 00 00 02', 'hex'), checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } }, hotkey: 'F2' },
  { id: 'q2', name: 'AT', group: '', spec: { ...plainSendSpec('AT'), appendCrlf: true, encoding: 'gbk' } },
];

describe('our quick-command JSON', () => {
  it('round-trips every field but the id (ids are given on import)', () => {
    const parsed = parseQuickFile(exportQuickCommands(list));
    expect(parsed).toEqual({ ok: true, commands: list.map(({ id: _id, ...rest }) => rest) });
  });

  it('says a file is not JSON, with the line of the parse error', () => {
    const parsed = parseQuickFile('{\n  "format": "socketdesk-quick-commands",\n  "version": 1,\n  "commands": [,]\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ kind: 'notJson', line: 4 });
  });

  it('tells JSON of another kind and another version from a bad entry', () => {
    expect(parseQuickFile('[1,2]')).toEqual({ ok: false, error: { kind: 'notOurs' } });
    expect(parseQuickFile('{"format":"x","commands":[]}')).toEqual({ ok: false, error: { kind: 'notOurs' } });
    expect(parseQuickFile('{"format":"socketdesk-quick-commands","version":9,"commands":[]}')).toEqual({ ok: false, error: { kind: 'version', version: '9' } });
  });

  it('names the first bad entry by number, line and field, and imports nothing', () => {
    const text = exportQuickCommands(list).replace('"F2"', '"F13"');
    const parsed = parseQuickFile(text);
    const line = text.split('\n').findIndex((l) => l.includes('"id": "q1"')); // the line after the entry's "{"
    expect(parsed).toMatchObject({ ok: false, error: { kind: 'badEntry', index: 1, line, path: 'hotkey', problem: 'notAllowed' } });
    const second = parseQuickFile(exportQuickCommands(list).replace('"name": "AT"', '"name": ""'));
    expect(second).toMatchObject({ ok: false, error: { kind: 'badEntry', index: 2, path: 'name' } });
  });
});
