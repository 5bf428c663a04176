import { z } from 'zod';
import type { AddressFamily, Endpoint } from './endpoint';
import { hostSchema, portSchema, sessionConfigSchema } from './session';

/**
 * The one map of commands. Each entry is the runtime schema of the arguments (checked by the host before the
 * engine sees them: the renderer is untrusted) and, as a type, what the command returns on success.
 * Transports call `invoke(name, args)` and get `Promise<Result<CommandResult<name>>>`.
 */
const sessionIdSchema = z.string().min(1).max(64);
/** Raw bytes. Arrives as a Uint8Array over Electron IPC (structured clone) and from the wire codec over WebSocket. */
const bytesSchema = z.instanceof(Uint8Array);

export const commandSchemas = {
  'system.interfaces': z.object({}).strict(),
  'session.open': z.object({ config: sessionConfigSchema }).strict(),
  'session.close': z.object({ sessionId: sessionIdSchema }).strict(),
  'session.send': z
    .object({
      sessionId: sessionIdSchema,
      bytes: bytesSchema,
      /** UDP only: where the datagram goes. */
      to: z.object({ host: hostSchema, port: portSchema }).strict().optional(),
      /** TCP server only: one client's key ("ip:port", "[::1]:port") or 'all'. */
      client: z.string().min(1).max(64).optional(),
    })
    .strict(),
  'session.resetCounters': z.object({ sessionId: sessionIdSchema }).strict(),
  'server.kick': z.object({ sessionId: sessionIdSchema, client: z.string().min(1).max(64) }).strict(),
  /** The renderer took batch `batchSeq` of this session off the wire; the engine may send more. */
  'traffic.ack': z.object({ sessionId: sessionIdSchema, batchSeq: z.number().int().min(0) }).strict(),
} as const;

export interface NetworkInterfaceInfo {
  /** OS name of the interface, e.g. "lo", "eth0". */
  readonly name: string;
  readonly address: string;
  readonly family: AddressFamily;
  readonly internal: boolean;
}

export interface CommandResults {
  'system.interfaces': { readonly interfaces: readonly NetworkInterfaceInfo[] };
  'session.open': { readonly sessionId: string; readonly local: Endpoint; readonly remote?: Endpoint };
  'session.close': null;
  /** Bytes accepted: for a TCP server sent to all, bytes × clients. */
  'session.send': { readonly bytesSent: number };
  'session.resetCounters': null;
  'server.kick': null;
  'traffic.ack': null;
}

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, value);
}
