/**
 * A stand-in for the renderer (B4), off the main thread: receives traffic batches over the IPC-shaped path (as a
 * worker thread: postMessage = the structured clone Electron's webContents.send does, a copy of every batch) or
 * over the browser host's WebSocket (as a child process), decodes every batch, keeps the frames in a ring and
 * acks each batch. Reports frames/s and messages/s. Started by bench/cases/b4-transport.ts.
 */
import { parentPort } from 'node:worker_threads';
import { decodeTrafficBatch, decodeWireMessage, encodeWireMessage, type WireMessage } from '@shared';
import WebSocket from 'ws';
import type { FanOutTally as Tally } from './protocol';

const ring: unknown[] = new Array<unknown>(100_000);
let ringHead = 0;
const tally: Tally = { frames: 0, gapFrames: 0, messages: 0, firstAt: 0, lastAt: 0, perSecond: [] };

function onBatch(packed: Uint8Array): void {
  const decoded = decodeTrafficBatch(packed);
  if (!decoded.ok) throw new Error(decoded.error.message);
  const now = performance.now();
  if (tally.firstAt === 0) tally.firstAt = now;
  tally.lastAt = now;
  tally.messages++;
  const second = Math.floor((now - tally.firstAt) / 1000);
  tally.perSecond[second] = (tally.perSecond[second] ?? 0) + 1;
  for (const frame of decoded.value.frames) {
    ring[ringHead] = frame;
    ringHead = (ringHead + 1) % ring.length;
  }
  tally.frames += decoded.value.frames.length;
  tally.gapFrames += decoded.value.gap?.frames ?? 0;
}

function report(): Tally {
  return { ...tally, perSecond: tally.perSecond.map((n) => n ?? 0) };
}

async function viaWebSocket(url: string, seconds: number): Promise<Tally> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: `http://${u.host}` });
  let nextId = 1;
  const invoke = (name: string, args: unknown): void => {
    const message: WireMessage = { t: 'invoke', id: nextId++, name, args };
    ws.send(encodeWireMessage(message));
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('message', (data: Buffer) => {
    const decoded = decodeWireMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!decoded.ok) return;
    const message = decoded.value as WireMessage;
    if (message.t !== 'event' || message.name !== 'traffic.batch') return;
    const payload = message.payload as { sessionId: string; batchSeq: number; packed: Uint8Array };
    onBatch(payload.packed);
    invoke('traffic.ack', { sessionId: payload.sessionId, batchSeq: payload.batchSeq });
  });
  // The host sends a page the engine's events only once it attached to the workspace.
  invoke('workspace.attach', {});
  invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  ws.close();
  return report();
}

type SimMessage = { kind: 'batch'; sessionId: string; batchSeq: number; packed: Uint8Array } | { kind: 'report' };

if (parentPort) {
  const port = parentPort;
  port.on('message', (message: SimMessage) => {
    if (message.kind === 'batch') {
      onBatch(message.packed);
      port.postMessage({ kind: 'ack', sessionId: message.sessionId, batchSeq: message.batchSeq });
    } else {
      port.postMessage({ kind: 'report', tally: report() });
    }
  });
}

process.on('message', (message: { kind: 'batch'; sessionId: string; batchSeq: number; packed: Uint8Array } | { kind: 'ws'; url: string; seconds: number } | { kind: 'report' }) => {
  if (message.kind === 'batch') {
    onBatch(message.packed);
    process.send?.({ kind: 'ack', sessionId: message.sessionId, batchSeq: message.batchSeq });
  } else if (message.kind === 'ws') {
    viaWebSocket(message.url, message.seconds).then(
      (result) => process.send?.({ kind: 'report', tally: result }),
      (error: unknown) => process.send?.({ kind: 'error', message: String(error) }),
    );
  } else {
    process.send?.({ kind: 'report', tally: report() });
  }
});
process.on('disconnect', () => process.exit(0));
