import type { CommandName } from '@shared/contract/commands';
import { ok, type Result } from '@shared/contract/errors';
import type { EventName, EventPayloads } from '@shared/contract/events';
import type { HostLinkState, RendererTransport } from '../../transport/host-link';

export type Answer = (args: Record<string, unknown>) => Result<unknown> | Promise<Result<unknown>>;
export type Call = { readonly name: CommandName; readonly args: Record<string, unknown> };

/**
 * A transport for store tests: records every call, answers from a table (ok(null) when the table has no
 * entry, or `fallback(name)` when given), and lets the test emit engine events as the host would.
 */
export function fakeTransport(answers: Partial<Record<CommandName, Answer>> = {}, fallback?: (name: CommandName) => Answer | undefined) {
  const calls: Call[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: RendererTransport = {
    invoke(name, args) {
      calls.push({ name, args: args as Record<string, unknown> });
      const answer = answers[name] ?? fallback?.(name) ?? (() => ok(null));
      return Promise.resolve(answer(args as Record<string, unknown>)) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    linkState: (): HostLinkState => 'open',
    onLinkState: () => () => undefined,
    dispose: () => undefined,
    // As the browser host: "Browse…" opens the page's folder browser (the tests that want 'native' set it).
    pathPicker: 'in-page',
  };
  const emit = <E extends EventName>(name: E, payload: EventPayloads[E]): void => listeners.get(name)?.forEach((l) => l(payload));
  return { transport, calls, emit };
}
