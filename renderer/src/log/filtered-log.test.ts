import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { FilteredLog } from './filtered-log';
import { LogStore } from './log-store';
import type { LogView } from './log-view';
import { ByteSearch } from './search/byte-search';
import { SearchHits } from './search/search-hits';

const a: Endpoint = { address: '127.0.0.1', port: 5001, family: 'IPv4' };
const b: Endpoint = { address: '::1', port: 5002, family: 'IPv6' };
const frame = (seq: number, peer: Endpoint = a, dir: 'rx' | 'tx' = 'rx', text?: string): TrafficFrame => ({
  seq,
  ts: seq,
  dir,
  peer,
  bytes: text === undefined ? Uint8Array.of(seq) : new TextEncoder().encode(text),
});
const event = (seq: number, peer: Endpoint = a): TrafficFrame => ({ seq, ts: seq, dir: 'event', peer, bytes: encodeLogEvent({ type: 'client-connected' }) });
const seqs = (view: LogView) => Array.from({ length: view.size }, (_, i) => view.at(i)).map((e) => (e?.kind === 'gap' ? 'gap' : e?.kind === 'frame' || e?.kind === 'event' ? e.seq : '?'));
const ids = (view: LogView) => Array.from({ length: view.size }, (_, i) => view.at(i)!.id);

describe('FilteredLog by peer', () => {
  it('shows one peer’s frames and events, and every gap marker, with consecutive ids', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([event(1), frame(2), frame(3, b), frame(4)], { frames: 5, bytes: 5 });
    const view = new FilteredLog(log, { peer: a });
    expect(seqs(view)).toEqual([1, 2, 4, 'gap']);
    expect(ids(view)).toEqual([1, 2, 3, 4]);
    log.ingest([frame(5, b), frame(6)]);
    expect(seqs(view)).toEqual([1, 2, 4, 'gap', 6]);
  });

  it('follows the ring as old entries leave, keeping ids increasing, and starts empty for a peer not seen yet', () => {
    const log = new LogStore(3, () => undefined);
    const view = new FilteredLog(log, { peer: b });
    expect(view.size).toBe(0);
    log.ingest([frame(1, b), frame(2), frame(3, b)]);
    expect(seqs(view)).toEqual([1, 3]);
    log.ingest([frame(4), frame(5, b)]);
    // The ring keeps 3, 4, 5: seq 1 left, seq 3 is still there.
    expect(seqs(view)).toEqual([3, 5]);
    expect(view.firstId).toBe(2);
    log.clear();
    expect(view.size).toBe(0);
  });
});

describe('FilteredLog by direction', () => {
  it('keeps rx, tx or event rows, and gap markers in every case', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([event(1), frame(2), frame(3, a, 'tx')], { frames: 9, bytes: 9 });
    log.ingest([frame(4, b, 'tx'), event(5, b)]);
    expect(seqs(new FilteredLog(log, { dir: 'rx' }))).toEqual([2, 'gap']);
    expect(seqs(new FilteredLog(log, { dir: 'tx' }))).toEqual([3, 'gap', 4]);
    expect(seqs(new FilteredLog(log, { dir: 'event' }))).toEqual([1, 'gap', 5]);
    expect(seqs(new FilteredLog(log, { dir: 'all' }))).toEqual([1, 2, 3, 'gap', 4, 5]);
    expect(seqs(new FilteredLog(log, { dir: 'tx', peer: b }))).toEqual(['gap', 4]);
    expect(seqs(new FilteredLog(log, { dir: 'tx' }, false))).toEqual([3, 4]);
  });

  it('scans only the rows that arrived since it last looked', () => {
    const log = new LogStore(100, () => undefined);
    const view = new FilteredLog(log, { dir: 'tx' });
    let reads = 0;
    const rowClassAt = log.rowClassAt.bind(log);
    log.rowClassAt = (index) => {
      reads++;
      return rowClassAt(index);
    };
    log.ingest([frame(1), frame(2, a, 'tx')]);
    expect(view.size).toBe(1);
    expect(reads).toBe(2);
    log.ingest([frame(3, a, 'tx')]);
    expect(seqs(view)).toEqual([2, 3]);
    expect(reads).toBe(3);
  });

  it('maps log ids to positions and back, for selection and search navigation', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([frame(1), frame(2, a, 'tx'), frame(3), frame(4, a, 'tx')]);
    const view = new FilteredLog(log, { dir: 'tx' });
    expect([view.logIdAt(0), view.logIdAt(1), view.logIdAt(2)]).toEqual([2, 4, -1]);
    expect([view.indexAtOrAfter(1), view.indexAtOrAfter(2), view.indexAtOrAfter(3), view.indexAtOrAfter(5)]).toEqual([0, 0, 1, 2]);
    expect([log.logIdAt(0), log.indexAtOrAfter(3), log.indexAtOrAfter(99)]).toEqual([1, 2, 4]);
  });
});

describe('FilteredLog by search', () => {
  it('keeps the frames the search hits (within the direction and peer asked), and every gap', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([frame(1, a, 'rx', 'OK\r\n'), frame(2, a, 'tx', 'AT+GMR\r\n'), event(3), frame(4, b, 'rx', 'ok')], { frames: 1, bytes: 1 });
    const hits = new SearchHits(log, new ByteSearch(new TextEncoder().encode('ok'), true));
    expect(seqs(new FilteredLog(log, { search: hits }))).toEqual([1, 4, 'gap']);
    expect(seqs(new FilteredLog(log, { search: hits, peer: a }, false))).toEqual([1]);
    expect(seqs(new FilteredLog(log, { search: hits, dir: 'tx' }))).toEqual(['gap']);
    log.ingest([frame(5, a, 'tx', 'xOKx')]);
    expect(seqs(new FilteredLog(log, { search: hits, dir: 'tx' }))).toEqual(['gap', 5]);
    expect(hits.count).toBe(3);
  });
});
