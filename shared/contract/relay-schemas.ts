import { z } from 'zod';
import { RELAY_LIMITS, RELAY_SIDES, RELAY_TRANSPORTS } from './relay';

/*
 * The relay's runtime schemas (hosts only, like schemas.ts). Kept apart from schemas.ts, which imports them; so they
 * cannot import it back, and repeat its port and host bounds (the same numbers, by the same RFCs).
 */

const port = z.number().int().min(1).max(65535);
const portOrAny = z.number().int().min(0).max(65535);
const host = z.string().trim().min(1).max(253);

export const relayConfigSchema = z.object({
  kind: z.literal('relay'),
  transport: z.enum(RELAY_TRANSPORTS),
  /** Where clients connect (TCP) or send (UDP). */
  localAddress: host,
  localPort: portOrAny,
  /** The server every pair forwards to. */
  remoteHost: host,
  remotePort: port,
  /** Pairs (TCP) or mappings (UDP) at once; more clients are refused and the log says so. Absent: RELAY_LIMITS.defaultMaxPairs. */
  maxClients: z.number().int().min(1).max(RELAY_LIMITS.maxPairs).optional(),
  /** UDP: a mapping closes after this many ms without a datagram either way. Absent: RELAY_LIMITS.defaultUdpIdleTimeoutMs. */
  udpIdleTimeoutMs: z.number().int().min(RELAY_LIMITS.minUdpIdleTimeoutMs).max(RELAY_LIMITS.maxUdpIdleTimeoutMs).optional(),
  /** TCP: give up connecting a pair's upstream after this many ms (the client is then closed, and the log says why). */
  connectTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** Bytes are forwarded as they come: a relay cuts no messages, so a config that gives a framing is refused. */
  framing: z
    .custom<undefined>((value) => value === undefined, { message: 'a relay forwards bytes as they come: it takes no framing', params: { reason: 'not-tcp' } })
    .optional(),
});

/** session.send / session.repeat.start / session.sendFile on a relay: which side the bytes go to. */
export const relaySideSchema = z.enum(RELAY_SIDES);

/** relay.pause: stop (true) or resume (false) forwarding. */
export const relayPauseArgsSchema = z.object({ sessionId: z.string().min(1).max(64), paused: z.boolean() }).strict();

/** What a relay tab keeps in the workspace file besides the shared form fields (absent in older files: TCP, 60 s). */
export const relayTabSettingsSchema = z
  .object({
    transport: z.enum(RELAY_TRANSPORTS),
    /** The UDP idle time-out in seconds, as typed. */
    idleTimeout: z.string().max(512),
    /** The send box's side: toward the server or the client(s). */
    toward: z.enum(RELAY_SIDES),
  })
  .strict();
