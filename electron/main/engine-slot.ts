import type { EventSink } from '@shared';
import { Engine } from '../engine/engine';

export type EngineOptions = ConstructorParameters<typeof Engine>[1];

/**
 * The engine of one window. A page load gets a fresh engine: when the page reloads or the renderer process dies,
 * the sessions the old page opened are disposed with it (their sockets would otherwise live on, invisible).
 * Events from a retired engine are dropped, so a new page never sees an old page's sessions.
 */
export class EngineSlot {
  private engine: Engine | undefined;
  private generation = 0;
  private readonly disposals = new Set<Promise<void>>();

  constructor(
    private readonly forward: EventSink,
    private readonly options?: EngineOptions,
  ) {}

  /** The current engine, created on first use. */
  get(): Engine {
    if (!this.engine) {
      const generation = ++this.generation;
      const sink: EventSink = (name, payload) => {
        if (generation === this.generation) this.forward(name, payload);
      };
      this.engine = new Engine(sink, this.options);
    }
    return this.engine;
  }

  /** Retires the current engine (if any); resolves when it has released its sockets. */
  retire(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.generation++;
    if (!engine) return Promise.all(this.disposals).then(() => undefined);
    const disposal = engine.dispose().catch((error: unknown) => {
      console.error(`SocketDesk: engine dispose failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.disposals.add(disposal);
    void disposal.finally(() => this.disposals.delete(disposal));
    return Promise.all(this.disposals).then(() => undefined);
  }
}
