import { EVENT_NAMES, type CommandArgs, type CommandName, type CommandResult, type EventName, type EventPayloads, type Result } from '@shared';
import { RecordedEvents } from '../../engine/test-support/recorded-events';
import { connectWsClient, wsUrlOf, type WsContractClient } from './ws-client';

/** One page of a browser host over a real WebSocket: records every event and acks batches, as the renderer does. */
export class WsPage extends RecordedEvents {
  private constructor(readonly client: WsContractClient) {
    super();
    for (const name of EVENT_NAMES) client.on(name, (payload) => this.onEvent(name, payload as EventPayloads[EventName]));
  }

  static async connect(hostUrl: string, port: number): Promise<WsPage> {
    return new WsPage(await connectWsClient(wsUrlOf(hostUrl), `http://127.0.0.1:${port}`));
  }

  invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
    // The wire carries untyped values; the host answers with the contract's Result.
    return this.client.invoke(name, args) as Promise<Result<CommandResult<K>>>;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
