import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { MAX_ROW_BYTES } from '../format-row';
import { LogStore } from '../log-store';
import { ByteSearch } from './byte-search';
import { compileSearch, type SearchInput } from './compile-search';
import type { LogSearch } from './log-search';
import { SearchHits } from './search-hits';

const peer: Endpoint = { address: '127.0.0.1', port: 9, family: 'IPv4' };
const utf8 = (text: string) => new TextEncoder().encode(text);
const rx = (seq: number, bytes: Uint8Array): TrafficFrame => ({ seq, ts: seq, dir: 'rx', peer, bytes });

function logOf(...payloads: Array<string | Uint8Array>): LogStore {
  const log = new LogStore(10_000, () => undefined);
  log.ingest(payloads.map((p, i) => rx(i + 1, typeof p === 'string' ? utf8(p) : p)));
  return log;
}

function hitsOf(log: LogStore, search: LogSearch | null): number[] {
  const found: number[] = [];
  search?.scan(log, 0, log.size, (index) => found.push(index));
  return found;
}

function compiled(input: Partial<SearchInput> & Pick<SearchInput, 'text'>): LogSearch | null {
  const result = compileSearch({ mode: 'text', caseInsensitive: false, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.search;
}

describe('text and HEX search over the stored bytes', () => {
  it('finds rows that contain the text, only within each row', () => {
    // "ab" | "cd": the needle "bc" spans two rows in the arena but is in neither.
    const log = logOf('ab', 'cd', 'xxabcdxx', 'abc', '');
    expect(hitsOf(log, compiled({ text: 'bc' }))).toEqual([2, 3]);
    expect(hitsOf(log, compiled({ text: 'abcd' }))).toEqual([2]);
    expect(hitsOf(log, compiled({ text: 'zz' }))).toEqual([]);
  });

  it('folds ASCII case when asked, and not otherwise', () => {
    const log = logOf('OK\r\n', 'ok', 'Ok', 'no');
    expect(hitsOf(log, compiled({ text: 'ok' }))).toEqual([1]);
    expect(hitsOf(log, compiled({ text: 'ok', caseInsensitive: true }))).toEqual([0, 1, 2]);
    expect(hitsOf(log, compiled({ text: 'OK', caseInsensitive: true }))).toEqual([0, 1, 2]);
  });

  it('looks for UTF-8 text as UTF-8 bytes', () => {
    const log = logOf('温度=25℃', 'temp=25C');
    expect(hitsOf(log, compiled({ text: '℃' }))).toEqual([0]);
    expect(hitsOf(log, compiled({ text: '=25' }))).toEqual([0, 1]);
  });

  it('looks for text in the receive encoding, and says when the encoding cannot write it', () => {
    const gbk = Uint8Array.of(0xce, 0xc2, 0xb6, 0xc8, 0x3d, 0x32, 0x35); // "温度=25" in GBK
    const log = logOf(gbk, '温度=25');
    const inGbk = compileSearch({ mode: 'text', text: '温度', caseInsensitive: false }, 'gbk');
    expect(inGbk.ok && hitsOf(log, inGbk.search)).toEqual([0]);
    expect(hitsOf(log, compiled({ text: '温度' }))).toEqual([1]);
    const regex = compileSearch({ mode: 'regex', text: '^温度=\\d+$', caseInsensitive: false }, 'gbk');
    expect(regex.ok && hitsOf(log, regex.search)).toEqual([0]);
    expect(compileSearch({ mode: 'text', text: '😀', caseInsensitive: false }, 'gbk')).toMatchObject({
      ok: false,
      error: { kind: 'encoding', error: { code: 'INVALID_ARGUMENT', params: { reason: 'unencodable', char: '😀' } } },
    });
  });

  it('finds HEX bytes, including zero and 0xFF, and ignores event rows and gap markers', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([rx(1, Uint8Array.of(0x01, 0x00, 0xff, 0x02)), { seq: 2, ts: 2, dir: 'event', peer, bytes: encodeLogEvent({ type: 'client-connected' }) }], { frames: 3, bytes: 3 });
    log.ingest([rx(4, Uint8Array.of(0x00, 0xff))]);
    expect(hitsOf(log, compiled({ mode: 'hex', text: '00 FF' }))).toEqual([0, 3]);
    expect(hitsOf(log, compiled({ mode: 'hex', text: '0x01,0x00' }))).toEqual([0]);
    // The event's bytes are JSON in the same arena; they are not traffic and never match.
    expect(hitsOf(log, compiled({ text: 'client' }))).toEqual([]);
  });

  it('says where HEX is not valid, and treats an empty box as no search', () => {
    const bad = compileSearch({ mode: 'hex', text: '01 0G', caseInsensitive: false });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'hex', error: { code: 'INVALID_HEX', params: { position: 5, char: 'G' } } } });
    expect(compileSearch({ mode: 'hex', text: '   ', caseInsensitive: false })).toEqual({ ok: true, search: null });
    expect(compileSearch({ mode: 'text', text: '', caseInsensitive: false })).toEqual({ ok: true, search: null });
  });

  it('searches only the stored start of a frame longer than a row keeps', () => {
    const big = new Uint8Array(MAX_ROW_BYTES + 10).fill(0x2e);
    big.set(utf8('END'), MAX_ROW_BYTES + 5);
    big.set(utf8('START'), 0);
    const log = logOf(big);
    expect(hitsOf(log, compiled({ text: 'START' }))).toEqual([0]);
    expect(hitsOf(log, compiled({ text: 'END' }))).toEqual([]);
  });

  it('finds a needle whose first byte is in every row just as well (the anchor is the rarest byte)', () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `    value ${i}    `);
    const log = logOf(...rows);
    expect(hitsOf(log, compiled({ text: '  value 1999' }))).toEqual([1999]);
    expect(hitsOf(log, compiled({ text: 'value 19' })).length).toBe(1 + 10 + 100);
  });

  it('agrees with a naive search on random bytes (rows across arena blocks, both cases)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed % n;
    };
    const alphabet = utf8('abAB\x00');
    const log = new LogStore(10_000, () => undefined);
    // Frames in batches, with event rows (bytes in the same arena) and gap markers between them.
    for (let batch = 0; batch < 60; batch++) {
      const frames: TrafficFrame[] = Array.from({ length: 10 }, (_, i) => rx(batch * 10 + i, Uint8Array.from({ length: random(4_000) }, () => alphabet[random(alphabet.length)]!)));
      frames.splice(random(10), 0, { seq: 0, ts: 0, dir: 'event', peer, bytes: encodeLogEvent({ type: 'client-connected' }) });
      log.ingest(frames, random(3) === 0 ? { frames: 1, bytes: 1 } : undefined);
    }
    const fold = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
    for (const needleText of ['aB', 'b\x00a', 'aaaa', 'BAb\x00', 'ent']) {
      for (const foldCase of [false, true]) {
        const needle = utf8(needleText);
        const naive = Array.from({ length: log.size }, (_, i) => log.at(i)!).flatMap((entry, i) => {
          if (entry.kind !== 'frame') return [];
          const p = entry.bytes;
          for (let at = 0; at + needle.length <= p.length; at++) {
            if (needle.every((b, j) => (foldCase ? fold(p[at + j]!) === fold(b) : p[at + j] === b))) return [i];
          }
          return [];
        });
        expect(hitsOf(log, new ByteSearch(needle, foldCase)), `${needleText} fold=${foldCase}`).toEqual(naive);
      }
    }
  });
});

describe('regex search', () => {
  it('tests the decoded text of each frame, with the i flag for case-insensitive', () => {
    const log = logOf('temp=21.5\r\n', 'TEMP=x', 'hum=40');
    expect(hitsOf(log, compiled({ mode: 'regex', text: 'temp=\\d+' }))).toEqual([0]);
    expect(hitsOf(log, compiled({ mode: 'regex', text: '^temp=', caseInsensitive: true }))).toEqual([0, 1]);
    expect(hitsOf(log, compiled({ mode: 'regex', text: '\\r\\n$' }))).toEqual([0]);
  });

  it('cuts rows right in a block that is not plain ASCII (each row decoded on its own)', () => {
    const log = logOf('a=1', '温度=25℃', 'temp=25C', Uint8Array.of(0xff, 0x41), 'b=2');
    expect(hitsOf(log, compiled({ mode: 'regex', text: '=25.$' }))).toEqual([1, 2]);
    expect(hitsOf(log, compiled({ mode: 'regex', text: '^\\uFFFDA$' }))).toEqual([3]);
    expect(hitsOf(log, compiled({ mode: 'regex', text: '^[ab]=\\d$' }))).toEqual([0, 4]);
  });

  it('says what is wrong with an invalid regex and at which character', () => {
    const error = (text: string) => {
      const result = compileSearch({ mode: 'regex', text, caseInsensitive: false });
      return result.ok ? undefined : result.error.kind === 'regex' ? [result.error.error.problem, result.error.error.position] : undefined;
    };
    expect(error('(abc))')).toEqual(['unmatched-paren', 6]);
    expect(error('ab(c')).toEqual(['unterminated-group', 3]);
    expect(error('x[ab')).toEqual(['unterminated-class', 2]);
    expect(error('*a')).toEqual(['nothing-to-repeat', 1]);
    expect(error('a**')).toEqual(['nothing-to-repeat', 3]);
    expect(error('ab\\')).toEqual(['trailing-backslash', 3]);
    expect(error('a{3,1}')).toEqual(['quantifier-order', 2]);
    expect(error('(?:a)(?x)')).toEqual(['invalid-group', 7]);
    expect(error('(?<n>a)b')).toBeUndefined();
    // Found by the property test of compileSearch: UTF-16 units were counted, so an emoji counted twice ("😀😀(" was
    // "at character 5"); the page counts characters as a person does everywhere else.
    expect(error('😀😀(')).toEqual(['unterminated-group', 3]);
    expect(error('温度😀)')).toEqual(['unmatched-paren', 4]);
  });
});

describe('SearchHits', () => {
  it('keeps the hits up to date as rows arrive and leave', () => {
    const log = new LogStore(3, () => undefined);
    const hits = new SearchHits(log, new ByteSearch(utf8('x'), false));
    log.ingest([rx(1, utf8('x')), rx(2, utf8('y')), rx(3, utf8('x'))]);
    expect([hits.count, hits.serialAt(0), hits.serialAt(1)]).toEqual([2, 0, 2]);
    log.ingest([rx(4, utf8('x'))]);
    expect([hits.count, hits.serialAt(0), hits.droppedCount, hits.has(3), hits.has(1)]).toEqual([2, 2, 1, true, false]);
  });
});

describe('a million rows', () => {
  it('text and HEX searches answer within the bound, timings printed (regex too)', () => {
    const log = new LogStore(1_000_000, () => undefined);
    const batch: TrafficFrame[] = [];
    for (let seq = 1; seq <= 1_000_000; seq++) {
      const bytes = new Uint8Array(64).fill(0x2e);
      const label = `#${seq} `;
      for (let k = 0; k < label.length; k++) bytes[k] = label.charCodeAt(k);
      batch.push(rx(seq, bytes));
      if (batch.length === 10_000) log.ingest(batch.splice(0));
    }
    expect(log.size).toBe(1_000_000);
    const once = (input: SearchInput): { ms: number; count: number } => {
      const t0 = performance.now();
      const result = compileSearch(input);
      if (!result.ok || !result.search) throw new Error('no search');
      const count = new SearchHits(log, result.search).count;
      return { ms: performance.now() - t0, count };
    };
    // Typing searches at every key, so the code is warm by the time the query is whole: time the second run, and
    // print the first (cold) one too.
    const time = (input: SearchInput) => {
      const cold = once(input);
      return { ...once(input), cold: cold.ms };
    };
    const text = time({ mode: 'text', text: '#99999', caseInsensitive: false });
    const textFold = time({ mode: 'text', text: '#99999', caseInsensitive: true });
    const hex = time({ mode: 'hex', text: '23 35 30 30 30 30 30 20', caseInsensitive: false });
    const common = time({ mode: 'text', text: '.', caseInsensitive: false });
    const regex = time({ mode: 'regex', text: '^#9{5} ', caseInsensitive: false });
    const ms = (r: { ms: number; cold: number }) => `${r.ms.toFixed(1)} ms (cold ${r.cold.toFixed(1)})`;
    console.log(
      `[search 1M rows × 64 B, target 200 ms] text "#99999": ${ms(text)}, ${text.count} hits; case-insensitive: ${ms(textFold)}; ` +
        `HEX "#500000 ": ${ms(hex)}, ${hex.count} hit; "." (every row): ${ms(common)}; regex /^#9{5} /: ${ms(regex)} (rows not ASCII would be slower)`,
    );
    expect([text.count, textFold.count, hex.count, common.count, regex.count]).toEqual([11, 11, 1, 1_000_000, 1]);
    // The bench (B6) holds the 200 ms target in the page. Here other test files share the CPU, so the bound only
    // catches a search that went wrong in kind (building entries or decoding rows takes seconds).
    expect(text.ms).toBeLessThan(1_000);
    expect(hex.ms).toBeLessThan(1_000);
  });
});
