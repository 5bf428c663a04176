import type { z } from 'zod';
import { commandSchemas, fail, isCommandName, type CommandArgs, type CommandName, type CommandResult, type ErrorParams, type Result } from '@shared';
import { safeParseUntrusted } from '@shared/contract/safe-parse';

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
 * How an unknown command is named in its error. Only a string is quoted: String() of what Electron's IPC carries
 * can throw (an object whose own `toString` is not a function, `{"toString": 1}`), and it must not.
 */
function describeName(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name).slice(0, 80) : `of type ${Array.isArray(name) ? 'array' : name === null ? 'null' : typeof name}`;
}

/**
 * The gate every host puts between an untrusted renderer and the engine: the command name must be in the
 * contract and the arguments must pass its schema, or the engine never sees the call. Never rejects.
 */
export function createCommandDispatcher(handler: CommandHandler): UntrustedDispatch {
  return async (name, args) => {
    if (!isCommandName(name)) {
      return fail('INVALID_ARGUMENT', `Unknown command ${describeName(name)}`);
    }
    const parsed = safeParseUntrusted(commandSchemas[name], args);
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
