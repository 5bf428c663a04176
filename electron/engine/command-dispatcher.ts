import { commandSchemas, fail, isCommandName, type CommandArgs, type CommandName, type CommandResult, type Result } from '@shared';

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
      return fail('INVALID_ARGUMENT', `Invalid ${field} for ${name}: ${issue?.message ?? 'rejected'}`, { field });
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
