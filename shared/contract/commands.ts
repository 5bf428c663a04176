import type { z } from 'zod';
import type { AddressFamily, Endpoint } from './endpoint';
import type { commandSchemas } from './schemas';
import type { AppSettings } from './settings';

/**
 * The one map of commands: arguments are typed by their runtime schemas (shared/contract/schemas.ts, checked by
 * the host before the engine sees them: the renderer is untrusted), results by CommandResults below.
 * Transports call `invoke(name, args)` and get `Promise<Result<CommandResult<name>>>`.
 */
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
  /** null: nothing saved yet, or a file this version cannot read (the UI uses its defaults). */
  'settings.load': { readonly settings: AppSettings | null };
  'settings.save': null;
}

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];
