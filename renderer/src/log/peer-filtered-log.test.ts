import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { LogStore } from './log-store';
import { PeerFilteredLog } from './peer-filtered-log';

const a: Endpoint = { address: '127.0.0.1', port: 5001, family: 'IPv4' };
const b: Endpoint = { address: '::1', port: 5002, family: 'IPv6' };
const frame = (seq: number, peer: Endpoint = a): TrafficFrame => ({ seq, ts: seq, dir: 'rx', peer, bytes: Uint8Array.of(seq) });
const event = (seq: number, peer: Endpoint = a): TrafficFrame => ({ seq, ts: seq, dir: 'event', peer, bytes: encodeLogEvent({ type: 'client-connected' }) });
const seqs = (view: PeerFilteredLog) => Array.from({ length: view.size }, (_, i) => view.at(i)).map((e) => (e?.kind === 'gap' ? 'gap' : e?.kind === 'frame' || e?.kind === 'event' ? e.seq : '?'));

describe('PeerFilteredLog', () => {
  it('shows one peer’s frames and events, and every gap marker, with consecutive ids', () => {
    const log = new LogStore(100, () => undefined);
    log.ingest([event(1), frame(2), frame(3, b), frame(4)], { frames: 5, bytes: 5 });
    const view = new PeerFilteredLog(log, a);
    expect(seqs(view)).toEqual([1, 2, 4, 'gap']);
    expect(Array.from({ length: view.size }, (_, i) => view.at(i)!.id)).toEqual([1, 2, 3, 4]);
    log.ingest([frame(5, b), frame(6)]);
    expect(seqs(view)).toEqual([1, 2, 4, 'gap', 6]);
  });

  it('follows the ring as old entries leave, keeping ids increasing, and starts empty for a peer not seen yet', () => {
    const log = new LogStore(3, () => undefined);
    const view = new PeerFilteredLog(log, b);
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
