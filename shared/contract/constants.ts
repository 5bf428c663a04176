/*
 * The contract's constants, in a file that imports nothing: the schemas, the types and both sides read them from
 * here, so no module needs another's values (and no import circle can form through them).
 */

/** 'relay': 转发 / man in the middle, TCP or UDP (shared/contract/relay.ts). */
export const PROTOCOLS = ['udp', 'tcp-client', 'tcp-server', 'relay'] as const;

/** Why a session reached `closed`: by the user, by the peer (FIN), by a reset (RST), a timeout or an error. */
export const CLOSE_REASONS = ['user', 'peer-closed', 'reset', 'timeout', 'error'] as const;

/*
 * A TCP server's bounds.
 */
export const SERVER_LIMITS = {
  /**
   * Largest `maxClients` a server may be given: far beyond what a process's descriptors allow on a default system,
   * so any real cap fits, while a stray extra digit is still caught.
   */
  maxClients: 100_000,
  /** Client keys one send may name (`clients` of session.send, session.repeat.start, session.sendFile). */
  maxSendClients: 10_000,
  /**
   * A client that finished sending (FIN) stays for replies; after this long with nothing sent to it the server
   * closes its side too. Without it, clients that connect, send and close (most of them) would each hold a
   * descriptor and a row of the list until the server closes.
   */
  halfClosedLingerMs: 30_000,
} as const;

/*
 * Long-running work a session does for the user (cyclic send, capture, file send): its bounds.
 */
export const SESSION_TASK_LIMITS = {
  /** Cyclic send period (ms): 1 ms is the finest a timer can aim at; an hour is the coarsest worth a timer. */
  minPeriodMs: 1,
  maxPeriodMs: 3_600_000,
  /** Characters of a host path: Linux PATH_MAX (limits.h) counts bytes; no OS path is longer in characters. */
  maxPathChars: 4096,
  /** UDP file send: bytes per datagram when the command gives none. */
  defaultUdpChunkSize: 1024,
  /** Largest UDP payload of any IP version (IPv6: 65 535 − 8 header bytes); IPv4 targets allow 65 507. */
  maxUdpChunkSize: 65_527,
} as const;

/** The workspace file's version; files of version 1 are migrated on load (settings-migration.ts), never dropped. */
export const SETTINGS_VERSION = 2;

export const SETTINGS_LIMITS = {
  /** Characters of one form field as typed (addresses, ports, "ip:port"): far above any valid value. */
  fieldChars: 512,
  /** Entries of 历史发送 (send history). */
  historyItems: 20,
  /** Characters of one history entry; longer sends are sent but not remembered, to keep the file small. */
  historyItemChars: 64 * 1024,
  /** Frames the renderer's log keeps (its ring buffer; DESIGN §3). */
  logCapacity: { min: 1_000, max: 1_000_000 },
  /** Tabs of one workspace: far more than a screen shows, few enough that a hand-edited file cannot explode. */
  tabs: 256,
  /** Characters of a tab's name. */
  tabTitleChars: 64,
} as const;
