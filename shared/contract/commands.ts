import type { z } from 'zod';
import type { AddressFamily, Endpoint } from './endpoint';
import type { commandSchemas } from './schemas';
import type { AppSettings } from './settings';
import type { SessionSnapshot } from './workspace';

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
  /** Replaces a cyclic send already running on the session; progress comes as `repeat.state` events. */
  'session.repeat.start': null;
  /** null also when none was running. */
  'session.repeat.stop': null;
  /** The file is open (created, or appended to with `append`); `capture.state` events follow its progress. */
  'session.capture.start': { readonly path: string };
  /** Resolves once every captured byte is on disk; `bytes` is the file's share of this capture. */
  'session.capture.stop': { readonly path: string; readonly bytes: number };
  /**
   * Resolves when the whole file went out, or when it was cancelled (`cancelled`, with the bytes sent until
   * then). One file send per session at a time. Progress comes as `send.progress` events.
   */
  'session.sendFile': { readonly bytesSent: number; readonly cancelled: boolean };
  /** null also when no file send was running. */
  'session.sendFile.cancel': null;
  'server.kick': null;
  'traffic.ack': null;
  /** null: nothing saved yet, or a file this version cannot read (the UI uses its defaults). */
  'settings.load': { readonly settings: AppSettings | null };
  'settings.save': null;
  /** This page now gets the engine's events (any page before it gets `workspace.detached`); the live sessions. */
  'workspace.attach': { readonly sessions: readonly SessionSnapshot[] };
}

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];
