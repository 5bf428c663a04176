import { z } from 'zod';
import { QUICK_COMMAND_HOTKEYS, QUICK_COMMAND_LIMITS } from './quick-commands';
import type { CommandName } from './commands';
import { PROTOCOLS, SERVER_LIMITS, SESSION_TASK_LIMITS, SETTINGS_LIMITS, SETTINGS_VERSION } from './constants';
import { framingSpecFromConfig, type FramingConfig } from './framing';
import { relayConfigSchema, relayPauseArgsSchema, relaySideSchema, relayTabSettingsSchema } from './relay-schemas';
import { sequenceSchemas } from './sequence-schemas';
import { encodingSchema, sendChecksumSchema, sendSpecSchema, textModeSchema } from './send-spec-schemas';
import { autoReplyConfigSchema, rulesSetArgsSchema, tabAutoReplySchema } from './rules-schemas';
import { isAbsoluteHostPath } from './session-tasks';
import { checkMulticastGroup, UDP_ADDRESSING_LIMITS } from './udp-addressing';
import { RECONNECT_LIMITS } from './tcp-options';
import { isReceiveBufferSize, RECEIVE_BUFFER_LIMITS } from './receive-buffer';

/*
 * The runtime schemas of the contract. Only hosts import this module (to validate what the untrusted renderer
 * sends); everything else uses the types, so the page does not carry the validator.
 */

/** Ports a user may type: 1–65535; 0 means "let the OS pick" and is accepted only where noted. */
export const portSchema = z.number().int().min(1).max(65535);
export const portOrAnySchema = z.number().int().min(0).max(65535);
/** Host names are at most 253 characters (RFC 1035 §2.3.4); an IPv6 literal is shorter. */
export const hostSchema = z.string().trim().min(1).max(253);

/**
 * A TCP session's framing (shared/contract/framing.ts), checked by the code the engine runs: a bad rule is
 * INVALID_ARGUMENT whose issue carries the check's params (`reason` and the limits) at the framing field's path.
 */
export const framingConfigSchema = z.custom<FramingConfig>().superRefine((value, ctx) => {
  const checked = framingSpecFromConfig(value);
  if (checked.ok) return;
  const { field, ...params } = checked.error.params ?? {};
  ctx.addIssue({ code: 'custom', message: checked.error.message, path: field === undefined || field === 'spec' ? [] : [String(field)], params });
});

/*
 * 广播 / 组播 of a UDP session (shared/contract/udp-addressing.ts): a group is checked by the code the page and the
 * engine run (an IP literal in 224.0.0.0/4 or ff00::/8); its issue carries that check's reason and the group.
 */
export const multicastGroupSchema = z.string().superRefine((value, ctx) => {
  const checked = checkMulticastGroup(value);
  if (checked.ok) return;
  const { field: _field, ...params } = checked.error.params ?? {};
  ctx.addIssue({ code: 'custom', message: checked.error.message, params });
});
/** An interface as the OS names it ("eth0", "Wi-Fi"); NUL is refused, no OS names one with it. */
const interfaceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(UDP_ADDRESSING_LIMITS.interfaceNameChars)
  .refine((name) => !name.includes('\0'), 'an interface name has no NUL');
/** One group on one interface; no interface: the OS picks one by its routes. */
export const multicastMembershipSchema = z.object({ group: multicastGroupSchema, interface: interfaceNameSchema.optional() }).strict();
const { min: ttlMin, max: ttlMax } = UDP_ADDRESSING_LIMITS.ttl;
/** Each field given is applied; absent ones stay as they are (the system's defaults until set). */
export const udpSocketOptionsSchema = z
  .object({
    /** SO_BROADCAST: datagrams may go to broadcast addresses (255.255.255.255, a subnet's .255). */
    broadcast: z.boolean().optional(),
    /** IP_MULTICAST_TTL on an IPv4 socket, IPV6_MULTICAST_HOPS on an IPv6 one. */
    multicastTtl: z
      .number()
      .refine((n) => Number.isInteger(n) && n >= ttlMin && n <= ttlMax, { message: `expected a whole number from ${ttlMin} to ${ttlMax}`, params: { reason: 'multicastTtl', min: ttlMin, max: ttlMax } })
      .optional(),
    /** Whether this machine's own sockets (this one included) get the datagrams this socket sends to a group. */
    multicastLoopback: z.boolean().optional(),
    /** The interface multicast datagrams leave by; '' = the OS's choice (its routes). */
    multicastInterface: z.union([z.literal(''), interfaceNameSchema]).optional(),
  })
  .strict();
const multicastGroupsSchema = z.array(multicastMembershipSchema).max(UDP_ADDRESSING_LIMITS.multicastGroups);

export const udpConfigSchema = z.object({
  kind: z.literal('udp'),
  localAddress: hostSchema,
  localPort: portOrAnySchema,
  /** A datagram is one message already: a UDP config that gives a framing is refused, not stripped. */
  framing: z
    .custom<undefined>((value) => value === undefined, { message: 'framing applies to TCP sessions only: each UDP datagram is already one message', params: { reason: 'not-tcp' } })
    .optional(),
  // 广播 / 组播: applied once bound, before the session counts as open; the groups are joined in order.
  ...udpSocketOptionsSchema.shape,
  multicastGroups: multicastGroupsSchema.optional(),
  /** 接收缓冲区 (issue 11): SO_RCVBUF asked for at open, bytes; absent = the OS's default (receive-buffer.ts). */
  recvBufferSize: z
    .number()
    .refine(isReceiveBufferSize, { message: 'expected a whole number of bytes from 1 KiB to 256 MiB', params: { reason: 'recvBufferSize', minKiB: RECEIVE_BUFFER_LIMITS.minBytes / 1024, maxKiB: RECEIVE_BUFFER_LIMITS.maxBytes / 1024 } })
    .optional(),
});

/** TCP options (shared/contract/tcp-options.ts): keep-alive probes and Nagle off; absent = keep-alive off, no-delay on. */
const tcpSocketOptionsShape = { keepAlive: z.boolean().optional(), noDelay: z.boolean().optional() };
const reconnectDelaySchema = z.number().int().min(RECONNECT_LIMITS.minDelayMs).max(RECONNECT_LIMITS.maxDelayMs);
/** TCP client: retry a dropped connection after a doubling back-off; absent = off. */
export const reconnectPolicySchema = z
  .object({ initialDelayMs: reconnectDelaySchema, maxDelayMs: reconnectDelaySchema })
  .strict()
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, { message: 'maxDelayMs must not be below initialDelayMs', path: ['maxDelayMs'] });

export const tcpClientConfigSchema = z.object({
  kind: z.literal('tcp-client'),
  remoteHost: hostSchema,
  remotePort: portSchema,
  localAddress: hostSchema.optional(),
  localPort: portOrAnySchema.optional(),
  /** Give up connecting after this many ms. */
  connectTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** How received bytes are cut into messages (粘包); absent = as received. */
  framing: framingConfigSchema.optional(),
  ...tcpSocketOptionsShape,
  reconnect: reconnectPolicySchema.optional(),
});

export const tcpServerConfigSchema = z.object({
  kind: z.literal('tcp-server'),
  localAddress: hostSchema,
  localPort: portOrAnySchema,
  /** Clients kept at once; connections beyond are closed at once and logged as refused. Absent: no cap of its own. */
  maxClients: z.number().int().min(1).max(SERVER_LIMITS.maxClients).optional(),
  /** How each client's bytes are cut into messages (one framer per client); absent = as received. */
  framing: framingConfigSchema.optional(),
  /** Applied to every accepted client. */
  ...tcpSocketOptionsShape,
});

export const sessionConfigSchema = z.discriminatedUnion('kind', [udpConfigSchema, tcpClientConfigSchema, tcpServerConfigSchema, relayConfigSchema]);

const sessionIdSchema = z.string().min(1).max(64);
/** A tab's id as the page makes it (random, short); the engine only stores and returns it. */
export const tabIdSchema = z.string().min(1).max(64);

/** Raw bytes. Arrives as a Uint8Array over Electron IPC (structured clone) and from the wire codec over WebSocket. */
const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes (Uint8Array)');

/** UDP only: where the datagram goes. */
const udpTargetSchema = z.object({ host: hostSchema, port: portSchema }).strict();
/** TCP server only: one client's key ("ip:port", "[::1]:port") or 'all'. */
const clientKeySchema = z.string().min(1).max(64);
/** TCP server only: exactly these clients (keys), instead of one `client` or all. */
const clientKeysSchema = z.array(clientKeySchema).min(1).max(SERVER_LIMITS.maxSendClients);

/** Where a send goes: `client` and `clients` name the same thing two ways, so a command may give one of them. */
const oneClientTarget = (args: { readonly client?: string | undefined; readonly clients?: readonly string[] | undefined }): boolean =>
  args.client === undefined || args.clients === undefined;
const oneClientTargetIssue = { message: 'give client or clients, not both', path: ['clients'] };

/**
 * A path on the machine that runs the engine (the host), as the user picked it. Absolute, because the engine's
 * working directory means nothing to the user: POSIX "/…", Windows "C:\…" or "C:/…", or UNC "\\server\share".
 * NUL is refused: no OS allows it in a path, and Node throws on it.
 */
export const hostPathSchema = z
  .string()
  .min(1)
  .max(SESSION_TASK_LIMITS.maxPathChars)
  .refine(isAbsoluteHostPath, 'expected an absolute path');

const fieldTextSchema = z.string().max(SETTINGS_LIMITS.fieldChars);
// The SendSpec's schemas live beside it (send-spec-schemas.ts), so other schema modules can use them without a cycle.
export { sendChecksumSchema, sendSpecSchema } from './send-spec-schemas';

/** 测试序列 (issue 10): the sequence shape (tabs keep one) and its commands, from this file's parts. */
export const sequenceSchemaSet = sequenceSchemas({
  sessionId: sessionIdSchema,
  sendSpec: sendSpecSchema,
  udpTarget: udpTargetSchema,
  clientKey: clientKeySchema,
  clientKeys: clientKeysSchema,
  encoding: encodingSchema,
});

const tabIdText = z.string().min(1).max(64);

export { QUICK_COMMAND_HOTKEYS, QUICK_COMMAND_LIMITS } from './quick-commands';
/** A named SendSpec with a group ('' = none) and an optional F-key; the whole spec, so it sends the same bytes anywhere. */
export const quickCommandSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(QUICK_COMMAND_LIMITS.nameChars),
    group: z.string().max(QUICK_COMMAND_LIMITS.groupChars),
    spec: sendSpecSchema,
    hotkey: z.enum(QUICK_COMMAND_HOTKEYS).optional(),
  })
  .strict();

const historyTextSchema = z.string().max(SETTINGS_LIMITS.historyItemChars);
/** Version 1 kept the text and its mode only. */
const historyV1Schema = z.array(z.object({ text: historyTextSchema, mode: textModeSchema }).strict()).max(SETTINGS_LIMITS.historyItems);
/**
 * Every option that shaped the bytes of the send (a SendSpec), so picking it again sends the same bytes. The
 * encoding and the checksum came later: absent in older files, where they were UTF-8 and none.
 */
const historySchema = z
  .array(
    z
      .object({
        text: historyTextSchema,
        mode: textModeSchema,
        escapes: z.boolean(),
        appendCrlf: z.boolean(),
        encoding: encodingSchema.optional(),
        checksum: sendChecksumSchema.nullable().optional(),
      })
      .strict(),
  )
  .max(SETTINGS_LIMITS.historyItems);
const languageSchema = z.enum(['zh-CN', 'en']).nullable();

/** What one session's form and options keep, in both versions of the file. */
const sessionFormShape = {
  protocol: z.enum(PROTOCOLS),
  localAddress: fieldTextSchema,
  localPort: fieldTextSchema,
  remoteHost: fieldTextSchema,
  remotePort: fieldTextSchema,
  /** TCP client's optional local port; empty = let the OS pick. */
  clientLocalPort: fieldTextSchema,
  /** UDP send target, "ip:port" as typed. */
  udpTarget: fieldTextSchema,
  receive: z
    .object({
      mode: textModeSchema,
      logMode: z.boolean(),
      wrap: z.boolean(),
      autoScroll: z.boolean(),
      /** 日志容量, frames; optional so files written before it existed still load (the page's default then). */
      logCapacity: z.number().int().min(SETTINGS_LIMITS.logCapacity.min).max(SETTINGS_LIMITS.logCapacity.max).optional(),
    })
    .strict(),
  send: z.object({ mode: textModeSchema, escapes: z.boolean(), appendCrlf: z.boolean() }).strict(),
  /** 循环周期 (ms) as typed; absent in older files (the UI's default). */
  repeatPeriod: fieldTextSchema.optional(),
  /** 接收保存到文件 / 打开文件数据源: host paths as typed (validated when used); absent = empty. */
  capturePath: z.string().max(SESSION_TASK_LIMITS.maxPathChars).optional(),
  sendFilePath: z.string().max(SESSION_TASK_LIMITS.maxPathChars).optional(),
};

/**
 * The settings file of version 1 (one window, one session), read only to migrate it
 * (shared/contract/settings-migration.ts). Strict: a key it does not know means the file is not one of ours.
 */
export const appSettingsV1Schema = z
  .object({
    version: z.literal(1),
    ...sessionFormShape,
    /** Most recent first. */
    history: historyV1Schema,
    /** The user's explicit choice; null = follow the OS locale. */
    language: languageSchema,
  })
  .strict();

/**
 * A tab's checksum choice: `model` 'none' (or a model id) with the options kept while it is off, so switching it
 * back on finds them again.
 */
const tabChecksumSchema = sendChecksumSchema;

/**
 * A tab's framing controls (FramingSettings) as typed: the delimiter as the user wrote it with its mode (the bytes
 * are rebuilt with parseDelimiter), numbers as text. Validated when used, like the other form fields.
 */
const tabFramingSchema = z
  .object({
    kind: z.enum(['none', 'delimiter', 'fixed', 'length', 'idle']),
    delimiter: fieldTextSchema,
    delimiterMode: z.enum(['text', 'hex']),
    keep: z.enum(['strip', 'keep']),
    fixedSize: fieldTextSchema,
    /** Max message size in bytes; empty = the default. */
    maxSize: fieldTextSchema,
    lengthOffset: fieldTextSchema,
    lengthWidth: z.union([z.literal(1), z.literal(2), z.literal(4)]),
    lengthOrder: z.enum(['le', 'be']),
    lengthAdjust: fieldTextSchema,
    lengthIncludesHeader: z.boolean(),
    idleGapMs: fieldTextSchema,
  })
  .strict();

/** One session tab of the workspace file. Form fields are kept as typed (validated when the user opens or sends). */
export const tabSettingsSchema = z
  .object({
    id: tabIdText,
    /** The name the user gave the tab; empty = named after its protocol and endpoint. */
    title: z.string().max(SETTINGS_LIMITS.tabTitleChars),
    /** Reopen this tab's socket when the workspace is restored. */
    openAtStart: z.boolean(),
    ...sessionFormShape,
    /** TCP server: 最大连接数 as typed; absent or empty = no limit of its own. */
    maxClients: fieldTextSchema.optional(),
    /** TCP tabs' 分帧 controls as typed; absent in files written before framing existed (none). */
    framing: tabFramingSchema.optional(),
    /**
     * UDP tabs' 广播 / 组播 (issue 10): the groups the tab joins when it opens, the TTL as typed, loopback, the
     * multicast interface ('' = the OS's choice). Absent in files written before them: off, none, the defaults.
     */
    udp: z
      .object({
        broadcast: z.boolean().optional(),
        multicastGroups: z.array(z.object({ group: z.string().max(UDP_ADDRESSING_LIMITS.groupChars), interface: z.string().max(UDP_ADDRESSING_LIMITS.interfaceNameChars).optional() }).strict()).max(UDP_ADDRESSING_LIMITS.multicastGroups).optional(),
        multicastTtl: fieldTextSchema.optional(),
        multicastLoopback: z.boolean().optional(),
        multicastInterface: z.string().max(UDP_ADDRESSING_LIMITS.interfaceNameChars).optional(),
        /** 接收缓冲区 as typed ("512", "4M"; issue 11); absent or empty = the OS's default. */
        recvBuffer: fieldTextSchema.optional(),
      })
      .strict()
      .optional(),
    /** Relay tabs: transport, UDP idle time-out and the send box's side; absent in files written before relays. */
    relay: relayTabSettingsSchema.optional(),
    /** TCP options (issue 10): keep-alive, no-delay, the client's reconnect and its back-off (seconds, as typed). */
    tcp: z
      .object({ keepAlive: z.boolean(), noDelay: z.boolean(), reconnect: z.boolean(), reconnectFirstS: fieldTextSchema, reconnectMaxS: fieldTextSchema })
      .strict()
      .optional(),
    /** 自动应答 (issue 10): the tab's rules; absent in files written before them (none, off). */
    autoReply: tabAutoReplySchema.optional(),
    // Version-2 files written before text encodings and checksums existed have neither: UTF-8 and none.
    receive: sessionFormShape.receive
      .extend({
        /** ASCII, HEX or the hex dump (offset | 16 bytes | text). */
        mode: z.enum(['ascii', 'hex', 'dump']),
        /** How the ASCII view reads received bytes. */
        encoding: encodingSchema.optional(),
        /** Δt since the previous row in the log's header lines. */
        deltaTime: z.boolean().optional(),
        /** 显示往返时间: each received row's time since the last row sent to its peer, and the tab's RTT figures. */
        roundTrip: z.boolean().optional(),
      })
      .strict(),
    send: sessionFormShape.send
      .extend({
        encoding: encodingSchema.optional(),
        checksum: tabChecksumSchema.optional(),
        /** 发送完自动清空; absent in files written before it (off), and written only when on. */
        clearAfterSend: z.boolean().optional(),
      })
      .strict(),
    /** 测试序列 of the tab; absent in files written before sequences, and while the tab has none. */
    sequence: sequenceSchemaSet.sequence.optional(),
  })
  .strict();

/**
 * AppSettings, version 2: the workspace (shared/contract/settings.ts). Strict: a key this version does not know
 * means the file is not one of ours, and it loads as defaults. Tab ids are unique.
 */
export const appSettingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    tabs: z
      .array(tabSettingsSchema)
      .min(1)
      .max(SETTINGS_LIMITS.tabs)
      .refine((tabs) => new Set(tabs.map((tab) => tab.id)).size === tabs.length, 'tab ids must be unique'),
    /** The tab in front; null or an unknown id = the first. */
    activeTabId: tabIdText.nullable(),
    /** Most recent first; one history for the whole workspace. */
    history: historySchema,
    /** 快捷指令, in strip order; absent in files written before them. */
    quickCommands: z.array(quickCommandSchema).max(QUICK_COMMAND_LIMITS.commands).optional(),
    language: languageSchema,
    /** Light, dark, or follow the OS; absent = follow the OS. */
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

/** Argument schemas of every command, keyed by command name. */
export const commandSchemas = {
  'system.interfaces': z.object({}).strict(),
  /** A host directory's entries for the page's folder browser; no path = the user's home directory. */
  'system.listDirectory': z.object({ path: hostPathSchema.optional() }).strict(),
  /** The host's own file dialog (Electron); `defaultPath` is where it opens (the path in the field, if any). */
  'system.pickPath': z.object({ purpose: z.enum(['capture', 'sendFile']), defaultPath: hostPathSchema.optional() }).strict(),
  /** `tabId`: the page's name for the tab that opens it, given back by workspace.attach after a reload. */
  /** `autoReply`: the tab's 自动应答 rules, in force before the first byte arrives. */
  'session.open': z.object({ config: sessionConfigSchema, tabId: tabIdSchema.optional(), autoReply: autoReplyConfigSchema.optional() }).strict(),
  'session.close': z.object({ sessionId: sessionIdSchema }).strict(),
  'session.send': z
    .object({
      sessionId: sessionIdSchema,
      bytes: bytesSchema,
      to: udpTargetSchema.optional(),
      client: clientKeySchema.optional(),
      clients: clientKeysSchema.optional(),
      /** Relay only: inject toward the server or the client(s) of the pairs `client` / `clients` name. */
      toward: relaySideSchema.optional(),
    })
    .strict()
    .refine(oneClientTarget, oneClientTargetIssue),
  /**
   * 循环发送: send every `periodMs` (to the same target as session.send) until stopped or `count` sends: the same
   * `bytes` each time, or `spec` evaluated per send (its template fields count sends: DESIGN §3b). Exactly one.
   */
  'session.repeat.start': z
    .object({
      sessionId: sessionIdSchema,
      bytes: bytesSchema.optional(),
      spec: sendSpecSchema.optional(),
      periodMs: z.number().int().min(SESSION_TASK_LIMITS.minPeriodMs).max(SESSION_TASK_LIMITS.maxPeriodMs),
      to: udpTargetSchema.optional(),
      client: clientKeySchema.optional(),
      clients: clientKeysSchema.optional(),
      toward: relaySideSchema.optional(),
      count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    })
    .strict()
    .refine(oneClientTarget, oneClientTargetIssue)
    .refine((args) => (args.bytes === undefined) !== (args.spec === undefined), { message: 'give bytes or spec, exactly one', path: ['spec'] }),
  'session.repeat.stop': z.object({ sessionId: sessionIdSchema }).strict(),
  /** 接收保存到文件: from now on, every received byte of the session is also appended to this file. */
  'session.capture.start': z.object({ sessionId: sessionIdSchema, path: hostPathSchema, append: z.boolean().optional() }).strict(),
  'session.capture.stop': z.object({ sessionId: sessionIdSchema }).strict(),
  /** 打开文件数据源: send a file's bytes; TCP streams it, UDP sends one datagram per `chunkSize` bytes. */
  'session.sendFile': z
    .object({
      sessionId: sessionIdSchema,
      path: hostPathSchema,
      to: udpTargetSchema.optional(),
      client: clientKeySchema.optional(),
      clients: clientKeysSchema.optional(),
      toward: relaySideSchema.optional(),
      chunkSize: z.number().int().min(1).max(SESSION_TASK_LIMITS.maxUdpChunkSize).optional(),
    })
    .strict()
    .refine(oneClientTarget, oneClientTargetIssue),
  'session.sendFile.cancel': z.object({ sessionId: sessionIdSchema }).strict(),
  'session.resetCounters': z.object({ sessionId: sessionIdSchema }).strict(),
  'server.kick': z.object({ sessionId: sessionIdSchema, client: z.string().min(1).max(64) }).strict(),
  /**
   * A TCP session's framing from the next received byte on: each stream's buffered bytes come out marked, and the
   * log says what the framing is now. UDP: INVALID_ARGUMENT (a datagram is a message already).
   */
  'session.framing.set': z.object({ sessionId: sessionIdSchema, framing: framingConfigSchema }).strict(),
  /** UDP: 广播 and the multicast send options, each given one applied at once; other kinds: INVALID_ARGUMENT. */
  'session.udp.set': z.object({ sessionId: sessionIdSchema, options: udpSocketOptionsSchema }).strict(),
  /** UDP: 加入组播 / 退出组播 of one group on one interface (the engine checks the socket's family and its list). */
  'session.multicast.join': z.object({ sessionId: sessionIdSchema, membership: multicastMembershipSchema }).strict(),
  'session.multicast.leave': z.object({ sessionId: sessionIdSchema, membership: multicastMembershipSchema }).strict(),
  /** 自动应答: the session's rules from now on (checked by compileRules: a bad one changes nothing). */
  'session.rules.set': rulesSetArgsSchema,
  /** The renderer took batch `batchSeq` of this session off the wire; the engine may send more. */
  /** 暂停转发: a relay stops forwarding (TCP: stops reading; UDP: holds datagrams, bounded) or resumes, in order. */
  'relay.pause': relayPauseArgsSchema,
  'traffic.ack': z.object({ sessionId: sessionIdSchema, batchSeq: z.number().int().min(0) }).strict(),
  'settings.load': z.object({}).strict(),
  'settings.save': z.object({ settings: appSettingsSchema }).strict(),
  'workspace.attach': z.object({}).strict(),
  ...sequenceSchemaSet.commands,
} as const;

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, value);
}
