import { randomBytes } from 'node:crypto';
import { compileSendSpec, evaluateSendSpec, ok, type CommandArgs, type Result } from '@shared';

/** The bytes of a cyclic send's send number `sendIndex` (0-based). */
export type RepeatPayload = (sendIndex: number) => Result<Uint8Array>;

const random = (length: number): Uint8Array => randomBytes(length);

/**
 * What a cyclic send sends each time: its `bytes` as they are, or its `spec` evaluated per send with the number of
 * sends before it, the time of the send and random bytes from node:crypto (DESIGN §3b), so a {{counter}} delivers
 * 1, 2, 3… at any period. The spec is compiled once; a spec that does not compile fails every send, which stops
 * the cyclic send at its first with that error.
 */
export function repeatPayload(args: Pick<CommandArgs<'session.repeat.start'>, 'bytes' | 'spec'>): RepeatPayload {
  const { bytes, spec } = args;
  if (!spec) {
    const constant = ok(bytes ?? new Uint8Array(0));
    return () => constant;
  }
  const compiled = compileSendSpec(spec);
  if (!compiled.ok) return () => compiled;
  return (sendIndex) => evaluateSendSpec(compiled.value, { sendIndex, now: Date.now(), random });
}
