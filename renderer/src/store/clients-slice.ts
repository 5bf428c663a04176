import type { ClientsSlice, SliceCreator } from './tab-state';

export const createClientsSlice: SliceCreator<ClientsSlice> = (deps) => (_set, get) => ({
  clients: [],
  async kickClient() {
    const { sessionId, serverTarget, sessionState } = get();
    if (!sessionId || sessionState !== 'open' || serverTarget === 'all') return;
    const result = await deps.transport.invoke('server.kick', { sessionId, client: serverTarget });
    if (result.ok) get().clearErrors();
    else get().showError('kick', result.error);
  },
});
