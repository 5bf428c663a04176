import type { Protocol, TrafficCounters } from '@shared/contract/session';

/*
 * Values the renderer needs from shared/contract/session.ts, restated here because that module also builds the
 * zod schemas (top-level calls a bundler cannot drop), which would put the whole validator into the page.
 * The host validates every command anyway; the renderer only needs the names.
 */

/** In the order of the 协议类型 drop-down. */
export const PROTOCOL_OPTIONS = ['udp', 'tcp-client', 'tcp-server'] as const satisfies readonly Protocol[];

// Fails to compile if the contract gains a protocol this list lacks.
type MissingProtocol = Exclude<Protocol, (typeof PROTOCOL_OPTIONS)[number]>;
export const NO_MISSING_PROTOCOL: MissingProtocol extends never ? true : never = true;

export const NO_TRAFFIC: TrafficCounters = { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 };
