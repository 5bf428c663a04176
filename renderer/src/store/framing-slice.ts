import type { FramingConfig } from '@shared/contract/framing';
import { delimiterInMode, framingFromForm, type FramingForm, DEFAULT_FRAMING_FORM } from './framing-form';
import type { FramingSlice, SliceCreator, TabState } from './tab-state';

/**
 * How long the controls must rest before an open session gets the new framing. Every session.framing.set flushes
 * the session's buffered bytes and logs a row, so typing "\r\n" or "1024" must not send one per keystroke.
 */
export const FRAMING_APPLY_DELAY_MS = 400;

const isTcpOpen = (s: TabState): boolean =>
  s.sessionState === 'open' && s.sessionId !== null && (s.sessionProtocol === 'tcp-client' || s.sessionProtocol === 'tcp-server');

const sameFraming = (a: FramingConfig | null, b: FramingConfig): boolean => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * 分帧 of a TCP tab: the controls (kept with the tab), checked as they change (the error shows by the controls, not
 * in the error line, until the user opens with it), and applied live to the tab's open TCP session with
 * session.framing.set once they rest; session.open takes them from the form (connection-slice.ts).
 */
export const createFramingSlice: SliceCreator<FramingSlice> = (deps) => (set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The framing error by the controls follows what is typed; other controls' errors stay as they are. */
  const check = (): FramingConfig | undefined => {
    const framing = framingFromForm(get());
    const { framing: shown, ...others } = get().fieldErrors;
    if (framing.ok) {
      if (shown !== undefined) set({ fieldErrors: others });
      return framing.value;
    }
    set({ fieldErrors: { ...others, framing: framing.error } });
    return undefined;
  };

  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!isTcpOpen(get())) return;
    timer = setTimeout(() => {
      timer = undefined;
      void get().applyFraming();
    }, FRAMING_APPLY_DELAY_MS);
  };

  return {
    ...DEFAULT_FRAMING_FORM,
    framingInForce: null,
    setFraming(patch: Partial<FramingForm>) {
      set(patch);
      check();
      schedule();
    },
    setFramingDelimiterMode(mode) {
      const { framingDelimiter, framingDelimiterMode } = get();
      get().setFraming({ framingDelimiterMode: mode, framingDelimiter: delimiterInMode(framingDelimiter, framingDelimiterMode, mode) });
    },
    async applyFraming() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const s = get();
      if (!isTcpOpen(s) || s.sessionId === null) return;
      const framing = check();
      if (framing === undefined || sameFraming(s.framingInForce, framing)) return;
      const sessionId = s.sessionId;
      const result = await deps.transport.invoke('session.framing.set', { sessionId, framing });
      // The session may have closed meanwhile: its answer is no longer this tab's business.
      if (get().sessionId !== sessionId) return;
      if (result.ok) set({ framingInForce: framing });
      else if (result.error.code !== 'NOT_OPEN') get().showError('framing', result.error);
    },
  };
};
