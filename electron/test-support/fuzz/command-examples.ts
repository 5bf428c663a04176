import type { AutoReplyRule, CommandArgs, CommandName, SendSpec } from '@shared';
import { SAMPLE_SETTINGS } from '../sample-settings';

/**
 * A session id the fuzz does not know yet: replaced, when the command is sent, by the id of a session the fuzz
 * opened (the i-th, modulo how many), so mutated commands reach real sessions and not only NOT_OPEN. With no
 * session open it stays as it is, a well-formed id of no session.
 */
export function sessionRef(index: number): string {
  return `\u0001session#${index}`;
}

const SESSION_REF = /^\u0001session#(\d+)$/;

/**
 * `value` with every sessionRef replaced by one of `sessionIds` (none open: left as they are), in a copy of its plain
 * objects and arrays; anything else (bytes, a Map, a Date) is kept as it is, and a cycle stays a cycle.
 */
export function withSessionIds(value: unknown, sessionIds: readonly string[], copies = new Map<object, unknown>()): unknown {
  if (typeof value === 'string') {
    const match = SESSION_REF.exec(value);
    return match && sessionIds.length > 0 ? sessionIds[Number(match[1]) % sessionIds.length] : value;
  }
  const isPlain = Array.isArray(value) || Object.prototype.toString.call(value) === '[object Object]';
  if (typeof value !== 'object' || value === null || !isPlain) return value;
  if (copies.has(value)) return copies.get(value);
  const copy: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
  copies.set(value, copy);
  for (const [key, child] of Object.entries(value)) {
    // defineProperty keeps a "__proto__" key an own property, as the fuzz made it.
    Object.defineProperty(copy, key, { value: withSessionIds(child, sessionIds, copies), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Where the examples point: a directory of the test's own, and its loopback peers. */
export interface FuzzEnvironment {
  /** Absolute; captures and file sends stay inside it. */
  readonly directory: string;
  /** A file in `directory` to send. */
  readonly sendFilePath: string;
  /** A TCP peer on 127.0.0.1 that accepts (and echoes). */
  readonly tcpPeerPort: number;
  /** A UDP peer on 127.0.0.1. */
  readonly udpPeerPort: number;
}

/** Well-formed argument sets of one command. */
export type CommandExamples = { readonly [K in CommandName]: readonly CommandArgs<K>[] };

const spec: SendSpec = { text: 'ping {{counter}}\\r\\n', mode: 'ascii', escapes: true, appendCrlf: false, encoding: 'utf-8', checksum: null };
const hexSpec: SendSpec = {
  text: '01 03 00 00 00 0A',
  mode: 'hex',
  escapes: false,
  appendCrlf: false,
  encoding: 'gbk',
  checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 },
};
const echoRule: AutoReplyRule = {
  id: 'r1',
  name: 'echo',
  enabled: true,
  match: { kind: 'hex-pattern', pattern: '01 ?? 03' },
  action: { kind: 'echo' },
  target: 'sender',
  delayMs: 0,
  then: 'stop',
};
/** Replies to the other clients of a TCP server (only a server has them). */
const othersRule: AutoReplyRule = {
  id: 'r3',
  name: 'relay to others',
  enabled: true,
  match: { kind: 'contains', pattern: '0D 0A', mode: 'hex' },
  action: { kind: 'echo' },
  target: 'others',
  delayMs: 0,
  then: 'stop',
};
const replyRule: AutoReplyRule = {
  id: 'r2',
  name: 'hello',
  enabled: true,
  match: { kind: 'regex', source: '^name=(\\w+)', ignoreCase: true },
  action: { kind: 'reply', payload: { text: 'hi {{$1}}', mode: 'ascii', escapes: false, appendCrlf: true, checksum: null } },
  target: 'sender',
  delayMs: 10,
  then: 'continue',
};

/**
 * Valid arguments of every command of the contract (the mapped type fails to compile when a command has none), all
 * of them on loopback and inside the test's directory: the seeds the fuzz mutates, and sent as they are, the
 * commands that legitimately succeed (sessions open, captures start) and so must be cleaned up.
 */
export function commandExamples(env: FuzzEnvironment): CommandExamples {
  const s0 = sessionRef(0);
  const s1 = sessionRef(1);
  const to = { host: '127.0.0.1', port: env.udpPeerPort };
  return {
    'system.interfaces': [{}],
    'system.listDirectory': [{ path: env.directory }, {}],
    'system.pickPath': [{ purpose: 'capture', defaultPath: `${env.directory}/picked.bin` }, { purpose: 'sendFile' }],
    'session.open': [
      { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0, broadcast: false }, tabId: 'fuzz-udp' },
      { config: { kind: 'udp', localAddress: '::1', localPort: 0 }, autoReply: { enabled: true, rules: [echoRule, replyRule], maxRepliesPerSecond: 20, encoding: 'utf-8' } },
      {
        config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, maxClients: 4, framing: { kind: 'delimiter', delimiter: [13, 10], keep: 'strip' }, noDelay: true },
        autoReply: { enabled: true, rules: [othersRule, replyRule], maxRepliesPerSecond: 20, encoding: 'gbk' },
      },
      {
        config: {
          kind: 'tcp-client',
          remoteHost: '127.0.0.1',
          remotePort: env.tcpPeerPort,
          connectTimeoutMs: 2_000,
          framing: { kind: 'length', offset: 0, width: 2, order: 'be', adjust: 0, includesHeader: false },
          keepAlive: true,
        },
        tabId: 'fuzz-tcp',
      },
      { config: { kind: 'relay', transport: 'tcp', localAddress: '127.0.0.1', localPort: 0, remoteHost: '127.0.0.1', remotePort: env.tcpPeerPort, maxClients: 2 } },
    ],
    'session.close': [{ sessionId: s0 }],
    'session.send': [
      { sessionId: s0, bytes: new Uint8Array([1, 2, 3, 0, 255]), to },
      { sessionId: s1, bytes: new Uint8Array([0x41, 0x0d, 0x0a]), client: 'all' },
    ],
    'session.repeat.start': [
      { sessionId: s0, spec, periodMs: 200, count: 2, to },
      { sessionId: s1, bytes: new Uint8Array([7]), periodMs: 500, count: 1, clients: ['127.0.0.1:1'] },
    ],
    'session.repeat.stop': [{ sessionId: s0 }],
    'session.capture.start': [{ sessionId: s0, path: `${env.directory}/capture.bin`, append: true }],
    'session.capture.stop': [{ sessionId: s0 }],
    'session.sendFile': [{ sessionId: s0, path: env.sendFilePath, to, chunkSize: 512 }],
    'session.sendFile.cancel': [{ sessionId: s0 }],
    'session.resetCounters': [{ sessionId: s0 }],
    'server.kick': [{ sessionId: s0, client: '127.0.0.1:1' }],
    'session.framing.set': [
      { sessionId: s0, framing: { kind: 'fixed', size: 4 } },
      { sessionId: s1, framing: { kind: 'idle', gapMs: 20 } },
    ],
    'session.udp.set': [{ sessionId: s0, options: { broadcast: true, multicastTtl: 1, multicastLoopback: false } }],
    'session.multicast.join': [{ sessionId: s0, membership: { group: '239.1.2.3' } }],
    'session.multicast.leave': [{ sessionId: s0, membership: { group: 'ff15::1234', interface: 'lo' } }],
    'session.rules.set': [{ sessionId: s0, enabled: true, rules: [echoRule, replyRule], maxRepliesPerSecond: 10, encoding: 'utf-8' }],
    'relay.pause': [{ sessionId: s0, paused: true }],
    'traffic.ack': [{ sessionId: s0, batchSeq: 0 }],
    'settings.load': [{}],
    'settings.save': [{ settings: SAMPLE_SETTINGS }],
    'workspace.attach': [{}],
    'session.sequence.run': [
      {
        sessionId: s0,
        sequence: {
          name: 'fuzz',
          steps: [
            { kind: 'repeat', count: 2, steps: 2 },
            { kind: 'send', spec: hexSpec },
            { kind: 'expect', match: { kind: 'length', min: 1, max: 10 }, timeoutMs: 100, samePeer: false },
            { kind: 'wait', ms: 5 },
          ],
          continueOnFailure: true,
        },
        target: { to },
        encoding: 'utf-8',
      },
    ],
    'session.sequence.stop': [{ sessionId: s0 }],
  };
}
