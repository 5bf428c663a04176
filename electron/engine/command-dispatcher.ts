import type { z } from 'zod';
import { commandSchemas, fail, isCommandName, type CommandArgs, type CommandName, type CommandResult, type ErrorParams, type Result } from '@shared';

/**
 * What a schema's own check said besides its message (the framing check's `reason` and limits), so the page can
 * put the same localized sentence by the control as for its own check. Only string and number values: ErrorParams.
 */
function customParams(issue: z.core.$ZodIssue | undefined): ErrorParams {
  if (issue?.code !== 'custom' || issue.params === undefined) return {};
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(issue.params)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  return params;
}

/** Anything that executes validated commands: the Engine, in practice. */
export interface CommandHandler {
  handle<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
}

export type UntrustedDispatch = (name: unknown, args: unknown) => Promise<Result<unknown>>;

/**
 * The gate every host puts between an untrusted renderer and the engine: the command name must be in the
 * contract and the arguments must pass its schema, or the engine never sees the call. Never rejects.
 */
export function createCommandDispatcher(handler: CommandHandler): UntrustedDispatch {
  return async (name, args) => {
    if (!isCommandName(name)) {
      return fail('INVALID_ARGUMENT', `Unknown command ${JSON.stringify(String(name)).slice(0, 80)}`);
    }
    const parsed = commandSchemas[name].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(arguments)';
      return fail('INVALID_ARGUMENT', `Invalid ${field} for ${name}: ${issue?.message ?? 'rejected'}`, { ...customParams(issue), field });
    }
    try {
      // The schema map and the handler's type are keyed by the same name; TypeScript cannot see that through
      // the union, hence the cast of validated data.
      return await handler.handle(name, parsed.data as CommandArgs<typeof name>);
    } catch (error) {
      return fail('INTERNAL', `Internal error in ${name}`, undefined, error instanceof Error ? error.message : String(error));
    }
  };
}
