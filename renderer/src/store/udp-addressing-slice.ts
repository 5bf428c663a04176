import {
  alreadyJoinedError,
  checkMulticastGroup,
  sameMembership,
  tooManyGroupsError,
  UDP_ADDRESSING_LIMITS,
  type MulticastMembership,
  type UdpSocketOptions,
} from '@shared/contract/udp-addressing';
import { parseReceiveBufferSize } from '@shared/contract/receive-buffer';
import type { ErrorSlot, SliceCreator, TabState, UdpAddressingSlice } from './tab-state';
import { DEFAULT_MULTICAST_TTL, DEFAULT_UDP_ADDRESSING_FORM, parseMulticastTtl } from './udp-addressing-form';

const isUdpOpen = (s: TabState): s is TabState & { sessionId: string } => s.sessionState === 'open' && s.sessionId !== null && s.sessionProtocol === 'udp';

/**
 * 广播 / 组播 of a UDP tab: the controls (kept with the tab; session.open takes them, connection-slice.ts), and each
 * change applied at once to the tab's open UDP session: session.udp.set for an option, session.multicast.join /
 * .leave for a group. A change the engine refuses is undone in the controls and said by them; while closed, groups
 * are only listed (joined at open) and the only checks are the page's own.
 */
export const createUdpAddressingSlice: SliceCreator<UdpAddressingSlice> = (deps) => (set, get) => {
  /** The control's own error goes once it is right again; other controls' errors stay. */
  const clearSlot = (slot: ErrorSlot): void => {
    const { fieldErrors, notice } = get();
    if (fieldErrors[slot] === undefined) return;
    const { [slot]: _gone, ...others } = fieldErrors;
    set({ fieldErrors: others, ...(notice?.kind === 'error' && notice.slot === slot ? { notice: null } : {}) });
  };

  /** session.udp.set for the open session; refused: `undo` puts the control back, and the sentence shows by it. */
  const apply = async (options: UdpSocketOptions, slot: ErrorSlot, undo: Partial<TabState>): Promise<void> => {
    const s = get();
    if (!isUdpOpen(s)) return;
    const sessionId = s.sessionId;
    const result = await deps.transport.invoke('session.udp.set', { sessionId, options });
    // The session may have closed meanwhile: its answer is no longer this tab's business.
    if (get().sessionId !== sessionId || (!result.ok && result.error.code === 'NOT_OPEN')) return;
    if (result.ok) {
      clearSlot(slot);
      return;
    }
    set(undo);
    get().showError(slot, result.error);
  };

  return {
    ...DEFAULT_UDP_ADDRESSING_FORM,
    multicastGroupInput: '',

    async setUdpBroadcast(on) {
      set({ udpBroadcast: on });
      await apply({ broadcast: on }, 'broadcast', { udpBroadcast: !on });
    },

    async setMulticastTtl(text) {
      set({ multicastTtl: text });
      const ttl = parseMulticastTtl(text);
      if (!ttl.ok) {
        set({ fieldErrors: { ...get().fieldErrors, multicastTtl: ttl.error } });
        return;
      }
      clearSlot('multicastTtl');
      // Emptied: back to what the systems use when none is set.
      await apply({ multicastTtl: ttl.value ?? DEFAULT_MULTICAST_TTL }, 'multicastTtl', {});
    },

    async setMulticastLoopback(on) {
      set({ multicastLoopback: on });
      await apply({ multicastLoopback: on }, 'multicast', { multicastLoopback: !on });
    },

    async setMulticastInterface(name) {
      const before = get().multicastInterface;
      set({ multicastInterface: name });
      await apply({ multicastInterface: name }, 'multicast', { multicastInterface: before });
    },

    setMulticastGroupInput: (multicastGroupInput) => set({ multicastGroupInput }),

    async joinMulticast() {
      const s = get();
      const checked = checkMulticastGroup(s.multicastGroupInput);
      if (!checked.ok) {
        get().showError('multicast', checked.error);
        return;
      }
      const { group } = checked.value;
      const membership: MulticastMembership = s.multicastInterface === '' ? { group } : { group, interface: s.multicastInterface };
      if (s.multicastGroups.some((joined) => sameMembership(joined, membership))) {
        get().showError('multicast', alreadyJoinedError(membership));
        return;
      }
      if (s.multicastGroups.length >= UDP_ADDRESSING_LIMITS.multicastGroups) {
        get().showError('multicast', tooManyGroupsError(UDP_ADDRESSING_LIMITS.multicastGroups));
        return;
      }
      if (isUdpOpen(s)) {
        const sessionId = s.sessionId;
        const result = await deps.transport.invoke('session.multicast.join', { sessionId, membership });
        if (get().sessionId !== sessionId) return;
        if (!result.ok) {
          get().showError('multicast', result.error);
          return;
        }
      }
      set({ multicastGroups: [...get().multicastGroups, membership], multicastGroupInput: '' });
      clearSlot('multicast');
    },

    async leaveMulticast(membership) {
      const s = get();
      if (isUdpOpen(s)) {
        const sessionId = s.sessionId;
        const result = await deps.transport.invoke('session.multicast.leave', { sessionId, membership });
        if (get().sessionId !== sessionId) return;
        // Not joined (any more) in the engine: it goes from the list all the same.
        if (!result.ok && result.error.code !== 'NOT_FOUND' && result.error.code !== 'NOT_OPEN') {
          get().showError('multicast', result.error);
          return;
        }
      }
      set({ multicastGroups: get().multicastGroups.filter((joined) => !sameMembership(joined, membership)) });
      clearSlot('multicast');
    },

    noteInterfacesRefresh(slot, error) {
      if (error) get().showError(slot, error);
      else clearSlot(slot);
    },

    setRecvBuffer(text) {
      // Applied at open: the field is disabled while a session is open; this guards keyboard/e2e paths.
      if (get().sessionState !== 'closed') return;
      set({ recvBuffer: text });
      const size = parseReceiveBufferSize(text);
      if (size.ok) clearSlot('recvBuffer');
      else set({ fieldErrors: { ...get().fieldErrors, recvBuffer: size.error } });
    },
  };
};
