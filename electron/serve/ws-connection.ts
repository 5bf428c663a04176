import { decodeWireMessage, encodeWireMessage, fail, isWireId, type EventSink, type WireMessage } from '@shared';
import type { RawData, WebSocket } from 'ws';
import { createCommandDispatcher } from '../engine/command-dispatcher';
import type { WorkspaceHost } from '../engine/workspace-host';

/** An invoke envelope as it must look before its name and args go to the command gate. */
interface InvokeEnvelope {
  readonly id: number;
  readonly name: string;
  readonly args: unknown;
}

type EnvelopeCheck = { readonly ok: true; readonly invoke: InvokeEnvelope } | { readonly ok: false; readonly id?: number; readonly why: string };

/** Validates the envelope (shape only); the command gate validates name and args against the contract. */
export function checkInvokeEnvelope(value: unknown): EnvelopeCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, why: 'not an object' };
  const message = value as Record<string, unknown>;
  const id = isWireId(message.id) ? message.id : undefined;
  const withId = (why: string): EnvelopeCheck => (id === undefined ? { ok: false, why } : { ok: false, id, why });
  if (message.t !== 'invoke') return withId('t must be "invoke"');
  if (id === undefined) return { ok: false, why: 'id must be a non-negative integer' };
  if (typeof message.name !== 'string') return withId('name must be a string');
  return { ok: true, invoke: { id, name: message.name, args: message.args } };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/**
 * One WebSocket = one page of the host's workspace. Every inbound binary message is decoded, its envelope
 * checked, and its name/args passed through the command gate; results and engine events go back as binary wire
 * messages. Malformed input never throws: it is answered with an INVALID_ARGUMENT result when it carries an id,
 * and dropped otherwise. When the socket closes the page disconnects, and its sessions stay in the workspace for
 * the page that attaches next (a reload, or the same tab reconnecting); `closed` resolves then.
 */
export function attachPageToSocket(ws: WebSocket, workspace: WorkspaceHost): { readonly closed: Promise<void> } {
  const send = (message: WireMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(encodeWireMessage(message), { binary: true }, (error) => {
      // The socket is going away; its close handler disconnects the page. Nothing else to do with the error.
      if (error) ws.terminate();
    });
  };

  /** Answers a malformed message that names a request, so the caller's promise settles instead of hanging. */
  const refuse = (id: number, message: string): void => send({ t: 'result', id, result: fail('INVALID_ARGUMENT', message) });

  const sink: EventSink = (name, payload) => send({ t: 'event', name, payload });
  const page = workspace.connect(sink);
  const dispatch = createCommandDispatcher(page);

  ws.on('message', (data, isBinary) => {
    if (!isBinary) return; // The protocol is binary frames only (shared/wire/wire-codec.ts); text has no id to answer.
    const decoded = decodeWireMessage(toBytes(data));
    if (!decoded.ok) {
      // The decoder reports the id whenever the JSON header parsed, whatever failed after it (blobs, depth).
      if (decoded.id !== undefined) refuse(decoded.id, decoded.error.message);
      return;
    }
    const envelope = checkInvokeEnvelope(decoded.value);
    if (!envelope.ok) {
      if (envelope.id !== undefined) refuse(envelope.id, `Malformed message: ${envelope.why}`);
      return;
    }
    const { id, name, args } = envelope.invoke;
    void dispatch(name, args).then((result) => send({ t: 'result', id, result }));
  });

  // Errors (e.g. a frame over maxPayload) are followed by 'close'; handling the event keeps the process alive.
  ws.on('error', () => ws.terminate());

  const closed = new Promise<void>((resolveClosed) => {
    ws.once('close', () => {
      page.disconnect();
      resolveClosed();
    });
  });
  return { closed };
}
