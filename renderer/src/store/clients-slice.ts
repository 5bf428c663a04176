import type { ClientsSlice, SliceCreator } from './tab-state';

export const createClientsSlice: SliceCreator<ClientsSlice> = (deps) => (set, get) => ({
  clients: [],
  selectedClients: [],

  toggleClientSelected(key) {
    const { selectedClients, serverTarget } = get();
    const selected = selectedClients.includes(key) ? selectedClients.filter((k) => k !== key) : [...selectedClients, key];
    // Ticking a client makes the ticked ones the target; unticking the last one goes back to all.
    const target = selected.length > 0 ? 'selected' : serverTarget === 'selected' ? 'all' : serverTarget;
    set({ selectedClients: selected, serverTarget: target });
  },

  async kickClient(key) {
    const { sessionId, serverTarget, sessionState } = get();
    const client = key ?? serverTarget;
    if (!sessionId || sessionState !== 'open' || client === 'all' || client === 'selected') return;
    const result = await deps.transport.invoke('server.kick', { sessionId, client });
    if (result.ok) get().clearErrors();
    else get().showError('kick', result.error);
  },
});
