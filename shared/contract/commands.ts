import type { z } from 'zod';
import type { AddressFamily, Endpoint } from './endpoint';
import type { commandSchemas } from './schemas';
import type { AppSettings } from './settings';
import type { ReconnectStatus } from './tcp-options';
import type { SessionSnapshot } from './workspace';
import type { AutoReplyState } from './rules';

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

/** What an entry of a listed directory is. A symbolic link is what it points to ('other' when that is gone). */
export type DirectoryEntryKind = 'directory' | 'file' | 'other';

/** One entry of system.listDirectory. 'other': a FIFO, socket, device, broken link — shown, never opened. */
export interface DirectoryEntry {
  readonly name: string;
  readonly kind: DirectoryEntryKind;
  /** Bytes, for a file (also behind a link) whose size the engine could read in time. */
  readonly size?: number;
  /** The entry is a symbolic link; `kind` is that of its target. */
  readonly link?: boolean;
}

/** A directory on the machine that runs the engine, as the page's folder browser shows it. */
export interface DirectoryListing {
  /** Absolute and normalised ("..", "." and doubled separators resolved; links kept as named). */
  readonly path: string;
  /** The directory above, or null at a root ("/", "C:\", "\\server\share\"). */
  readonly parent: string | null;
  /** The host's path separator, to join `path` and a name the page was given or the user typed. */
  readonly separator: '/' | '\\';
  /** Directories first, then by name (case-insensitive, the same on every locale). */
  readonly entries: readonly DirectoryEntry[];
  /** More entries exist than the engine returns (a few thousand); `entries` is a part of them. */
  readonly truncated: boolean;
  /** Where the page can start over: "/" on POSIX, the drives that exist ("C:\", "D:\") on Windows. */
  readonly roots: readonly string[];
}

/** Why the page asks the host for a path: the file to capture into (may not exist yet), or the file to send. */
export type PathPurpose = 'capture' | 'sendFile';

/**
 * session.open's answer. Open: `local` (and a TCP client's `remote`). Or `retrying`: a TCP client with reconnect on
 * whose first connect failed. The session lives on and retries with back-off (close it with its id to stop);
 * `retrying.lastError` says why the first connect failed, so a mistyped address is not hidden behind the retries.
 */
export type SessionOpenResult = SessionOpened | SessionRetrying;
export interface SessionOpened {
  readonly sessionId: string;
  readonly local: Endpoint;
  readonly remote?: Endpoint;
  readonly retrying?: undefined;
}
export interface SessionRetrying {
  readonly sessionId: string;
  readonly local?: undefined;
  readonly remote?: undefined;
  readonly retrying: ReconnectStatus;
}

export interface CommandResults {
  'system.interfaces': { readonly interfaces: readonly NetworkInterfaceInfo[] };
  /** The entries of a host directory (the user's home when no path is given); lists only, never opens a file. */
  'system.listDirectory': DirectoryListing;
  /**
   * The OS's own file dialog, shown by a host that has a window on the user's screen (Electron). `path` null: the
   * user cancelled. A host without one (the browser host) answers INVALID_ARGUMENT {reason: 'noNativeDialog'}: the
   * page browses with system.listDirectory in a dialog of its own (RendererTransport.pathPicker says which).
   */
  'system.pickPath': { readonly path: string | null };
  'session.open': SessionOpenResult;
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
  /** The new framing is in force: the log got the flushed bytes (marked) and a framing-changed row. */
  'session.framing.set': null;
  /** 广播 / 组播 of a UDP session: the options given, the group joined or left, are in force. */
  'session.udp.set': null;
  'session.multicast.join': null;
  'session.multicast.leave': null;
  /** Forwarding is paused or resumed; the log says so (and, resuming UDP, what was held and what was dropped). */
  'relay.pause': null;
  /** The rules are in force; their state (hit counts kept by rule id) comes as `rules.state`. */
  'session.rules.set': AutoReplyState;
  'traffic.ack': null;
  /** null: nothing saved yet, or a file this version cannot read (the UI uses its defaults). */
  'settings.load': { readonly settings: AppSettings | null };
  'settings.save': null;
  /**
   * This page now gets the engine's events (any page before it gets `workspace.detached`); the live sessions.
   * `engineId` names this engine for its life: a page that reattaches and finds another one knows the host
   * restarted and every session it showed has ended (issue 11).
   */
  'workspace.attach': { readonly sessions: readonly SessionSnapshot[]; readonly engineId: string };
  /** 测试序列: the run started (any run before it on the session was stopped); its events carry this runId. */
  'session.sequence.run': { readonly runId: number };
  /** null also when no run was going. */
  'session.sequence.stop': null;
}

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;
export type CommandResult<K extends CommandName> = CommandResults[K];
