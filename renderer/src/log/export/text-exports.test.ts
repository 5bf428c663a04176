import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { FilteredLog } from '../filtered-log';
import { formatHeader, formatPayload, MAX_ROW_BYTES } from '../format-row';
import { LogStore } from '../log-store';
import type { RowLook } from '../row-text';
import { CHUNK_BYTES, ChunkBuffer } from './chunk-buffer';
import { csvField, csvText, encodeCsv } from './csv-export';
import { viewRows, type ExportProgress } from './export-rows';
import { encodeJsonLines } from './jsonl-export';
import { encodeText } from './text-export';

const peer: Endpoint = { address: '127.0.0.1', port: 9000, family: 'IPv4' };
const T0 = Date.UTC(2026, 10, 22, 2, 31, 5, 123);
const utf8 = (text: string) => new TextEncoder().encode(text);
const decode = (parts: Iterable<Uint8Array>) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from([...parts].flatMap((p) => Array.from(p))));

function sampleLog(): LogStore {
  const log = new LogStore(100, () => undefined);
  log.ingest([
    { seq: 1, ts: T0, dir: 'rx', peer, bytes: utf8('OK\r\n') },
    { seq: 2, ts: T0 + 2.5, dir: 'tx', peer, bytes: Uint8Array.of(0x01, 0xff) },
    { seq: 3, ts: T0 + 10, dir: 'event', peer, bytes: encodeLogEvent({ type: 'client-disconnected', reason: 'kicked' }) },
  ] satisfies TrafficFrame[], { frames: 2, bytes: 40 });
  return log;
}

const look = (over: Partial<RowLook> = {}): RowLook => ({ mode: 'ascii', logMode: true, wrap: false, delta: false, lang: 'en', dumpLines: 4, encoding: 'utf-8', ...over });

describe('text export', () => {
  it('writes the rows as the pane shows them: header with the byte count, then the data', () => {
    const text = decode(encodeText(viewRows(sampleLog()), look()));
    const head = (seq: number, dir: 'rx' | 'tx', length: number) => formatHeader({ ts: T0 + [0, 0, 2.5][seq]!, dir, peer }, 'en', { length });
    expect(text.split('\n')).toEqual([
      head(1, 'rx', 4),
      'OK',
      head(2, 'tx', 2),
      formatPayload(Uint8Array.of(0x01, 0xff), 'ascii', false).text,
      formatHeader({ ts: T0 + 10, dir: 'event', peer }, 'en'),
      '⚑ Client disconnected: kicked',
      '⚠ 2 frames not displayed (40 bytes; counters stay exact)',
      '',
    ]);
  });

  it('adds Δt when asked, and writes HEX and dump lines in Chinese too', () => {
    const hex = decode(encodeText(viewRows(sampleLog()), look({ mode: 'hex', delta: true, lang: 'zh-CN' }))).split('\n');
    expect(hex[2]).toMatch(/# 发送 → 127\.0\.0\.1:9000 · 2 字节 · \+2\.500 毫秒$/);
    expect(hex[3]).toBe('01 FF');
    const dump = decode(encodeText(viewRows(sampleLog()), look({ mode: 'dump', logMode: false }))).split('\n');
    expect(dump[0]).toBe('0000  4F 4B 0D 0A                                       OK..');
  });
});

describe('a marked row (an auto-reply rule\'s reply, a relay leg)', () => {
  function markedLog(): LogStore {
    const log = new LogStore(100, () => undefined);
    log.ingest([
      { seq: 1, ts: T0, dir: 'tx', peer, bytes: utf8('hi'), mark: 'rule:Echo' },
      { seq: 2, ts: T0 + 1, dir: 'rx', peer, bytes: utf8('up'), mark: 'relay:client-to-server' },
    ] satisfies TrafficFrame[]);
    return log;
  }

  it('names its mark in the header in both languages, and in the CSV and JSON Lines exports', () => {
    const en = decode(encodeText(viewRows(markedLog()), look())).split('\n');
    expect(en[0]).toMatch(/# SEND → 127\.0\.0\.1:9000 · rule Echo · 2 B$/);
    expect(en[2]).toMatch(/# RECV ← 127\.0\.0\.1:9000 · client → server · 2 B$/);
    const zh = decode(encodeText(viewRows(markedLog()), look({ lang: 'zh-CN' }))).split('\n');
    expect(zh[0]).toMatch(/# 发送 → 127\.0\.0\.1:9000 · 自动应答 Echo · 2 字节$/);
    expect(zh[2]).toMatch(/· 客户端 → 服务器 · 2 字节$/);
    const csv = decode(encodeCsv(viewRows(markedLog()), 'en')).split('\r\n');
    expect(csv[1]).toBe('2026-11-22T02:31:05.123Z,tx,127.0.0.1:9000,2,68 69,hi,rule:Echo');
    const json = decode(encodeJsonLines(viewRows(markedLog()))).trim().split('\n').map((line) => JSON.parse(line) as { mark?: string });
    expect(json.map((row) => row.mark)).toEqual(['rule:Echo', 'relay:client-to-server']);
  });
});

describe('CSV export', () => {
  it('has the columns time, direction, peer, length, hex, text; quotes what needs it', () => {
    const lines = decode(encodeCsv(viewRows(sampleLog()), 'en')).split('\r\n');
    expect(lines[0]).toBe('\uFEFFtime,direction,peer,length,hex,text,mark');
    expect(lines[1]).toBe('2026-11-22T02:31:05.123Z,rx,127.0.0.1:9000,4,4F 4B 0D 0A,"OK');
    expect(lines[2]).toBe('",');
    expect(lines[3]).toBe('2026-11-22T02:31:05.125Z,tx,127.0.0.1:9000,2,01 FF,\u0001\uFFFD,');
    expect(lines[4]).toBe('2026-11-22T02:31:05.133Z,event,127.0.0.1:9000,,,Client disconnected: kicked,');
    expect(lines[5]).toBe(',gap,,40,,2 frames not displayed (40 bytes; counters stay exact),');
  });

  it('quotes fields and defuses spreadsheet formulas in the text column', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('-5,x')).toBe(`"'-5,x"`);
    expect(csvText('plain')).toBe('plain');
  });
});

describe('JSON Lines export', () => {
  it('writes one object per row: frames with hex, events with their type and reason, gaps with their counts', () => {
    const rows = decode(encodeJsonLines(viewRows(sampleLog())))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(rows).toEqual([
      { seq: 1, ts: T0, dir: 'rx', peer: '127.0.0.1:9000', length: 4, hex: '4F4B0D0A' },
      { seq: 2, ts: T0 + 2.5, dir: 'tx', peer: '127.0.0.1:9000', length: 2, hex: '01FF' },
      { seq: 3, ts: T0 + 10, dir: 'event', peer: '127.0.0.1:9000', event: { type: 'client-disconnected', reason: 'kicked' } },
      { gap: { cause: 'engine', frames: 2, bytes: 40 } },
    ]);
  });

  it('says how much of a long frame it kept', () => {
    const log = new LogStore(10, () => undefined);
    // As the engine sends it: the first MAX_ROW_BYTES of the frame, and its length on the wire.
    log.ingest([{ seq: 1, ts: 1, dir: 'rx', peer, bytes: new Uint8Array(MAX_ROW_BYTES).fill(0xab), length: 100_000 }]);
    const row = JSON.parse(decode(encodeJsonLines(viewRows(log)))) as { length: number; kept: number; hex: string };
    expect([row.length, row.kept, row.hex.length, row.hex.slice(0, 4)]).toEqual([100_000, MAX_ROW_BYTES, 2 * MAX_ROW_BYTES, 'ABAB']);
  });
});

describe('export rows and chunks', () => {
  it('exports the current view (filters apply) and counts progress', () => {
    const view = new FilteredLog(sampleLog(), { dir: 'tx' });
    const progress: ExportProgress = { done: 0, total: view.size };
    const rows = [...viewRows(view, progress)];
    expect(rows.map((r) => r.entry.kind)).toEqual(['frame', 'gap']);
    expect(progress).toEqual({ done: 2, total: 2 });
  });

  it('keeps going from the right row when old rows leave while it yields', () => {
    const log = new LogStore(5, () => undefined);
    const frame = (seq: number): TrafficFrame => ({ seq, ts: seq, dir: 'rx', peer, bytes: Uint8Array.of(seq) });
    log.ingest([1, 2, 3, 4, 5].map(frame));
    const seen: number[] = [];
    for (const row of viewRows(log)) {
      if (row.entry.kind === 'frame') seen.push(row.entry.seq);
      if (seen.length === 2) log.ingest([6, 7].map(frame)); // 1 and 2 leave the ring
    }
    // 3, 4, 5 were still there; 6 and 7 came after the export started.
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('cuts a large export into 1 MiB pieces without losing or reordering bytes', () => {
    const buffer = new ChunkBuffer();
    const line = 'x'.repeat(1000) + '\n';
    for (let i = 0; i < 3000; i++) buffer.writeText(line);
    buffer.writeBytes(new Uint8Array(CHUNK_BYTES * 2).fill(0x41));
    const pieces = buffer.end();
    expect(pieces.slice(0, -1).every((p) => p.length === CHUNK_BYTES)).toBe(true);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(3000 * 1001 + CHUNK_BYTES * 2);
  });
});
