import { z } from 'zod';
import type { TextEncoding } from '../codecs/encoding-list';
import { messageMatchSchema } from './automation-schemas';
import { SEQUENCE_LIMITS, type Sequence } from './sequence';
import type { SendSpec } from './send-spec';

/*
 * Runtime shapes of 测试序列 (shared/contract/sequence.ts) for the hosts' checks and the workspace file. The shape
 * only, with each number in its range: whether a payload or a pattern compiles and whether the repeat blocks nest
 * is compileSequence's answer (shared/automation/sequence-check.ts), which names the step; the engine gives it
 * when a run arrives. A factory, because its parts (the SendSpec, the targets) are schemas.ts's and schemas.ts
 * registers these: called once there, no import circle.
 */

export interface SequenceSchemaParts {
  readonly sessionId: z.ZodType<string>;
  readonly sendSpec: z.ZodType<SendSpec>;
  readonly udpTarget: z.ZodType<{ host: string; port: number }>;
  readonly clientKey: z.ZodType<string>;
  readonly clientKeys: z.ZodType<string[]>;
  readonly encoding: z.ZodType<TextEncoding>;
}

export function sequenceSchemas(parts: SequenceSchemaParts) {
  const step = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('send'), spec: parts.sendSpec }).strict(),
    z.object({ kind: z.literal('wait'), ms: z.number().int().min(0).max(SEQUENCE_LIMITS.maxWaitMs) }).strict(),
    z
      .object({
        kind: z.literal('expect'),
        match: messageMatchSchema,
        timeoutMs: z.number().int().min(SEQUENCE_LIMITS.minTimeoutMs).max(SEQUENCE_LIMITS.maxTimeoutMs),
        samePeer: z.boolean(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('repeat'),
        count: z.number().int().min(1).max(SEQUENCE_LIMITS.repeatCount),
        steps: z.number().int().min(1).max(SEQUENCE_LIMITS.steps),
      })
      .strict(),
  ]);

  /** As the editor holds it and the workspace file keeps it: a name or steps may still be missing. */
  const sequence: z.ZodType<Sequence> = z
    .object({
      name: z.string().max(SEQUENCE_LIMITS.nameChars),
      steps: z.array(step).max(SEQUENCE_LIMITS.steps),
      continueOnFailure: z.boolean(),
    })
    .strict();

  /** Where the sends go, as for session.send: the UDP target, or the TCP server's client(s). */
  const target = z
    .object({ to: parts.udpTarget.optional(), client: parts.clientKey.optional(), clients: parts.clientKeys.optional() })
    .strict()
    .refine((t) => t.client === undefined || t.clients === undefined, { message: 'give client or clients, not both', path: ['clients'] });

  return {
    sequence,
    commands: {
      /**
       * 测试序列: run `sequence` on the session (replacing a run already going); answers once it started, with its
       * runId. `encoding`: how expects read text (the tab's receive encoding; UTF-8 when absent). Progress comes as
       * `sequence.progress`, the end as `sequence.done`.
       */
      'session.sequence.run': z.object({ sessionId: parts.sessionId, sequence, target, encoding: parts.encoding.optional() }).strict(),
      /** Answers once `sequence.done` (outcome 'stopped') has gone out; fine when none runs. */
      'session.sequence.stop': z.object({ sessionId: parts.sessionId }).strict(),
    },
  } as const;
}
