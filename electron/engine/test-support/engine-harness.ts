import type { CommandArgs, CommandName, CommandResult, Result } from '@shared';
import { Engine, type EngineOptions } from '../engine';
import { RecordedEvents } from './recorded-events';

export type { RecordedEvent } from './recorded-events';

/** An Engine whose sink records (and acks) everything it emits, as one page that is always attached would. */
export class EngineHarness extends RecordedEvents {
  readonly engine: Engine;

  constructor(options: EngineOptions = {}) {
    super();
    this.engine = new Engine((name, payload) => this.onEvent(name, payload), options);
  }

  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
    return this.engine.handle(name, args);
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}
