import type { AppError, Result } from '@shared/contract/errors';
import { SESSION_TASK_LIMITS } from '@shared/contract/session-tasks';
import { SETTINGS_LIMITS, SETTINGS_VERSION, type AppSettings } from '@shared/contract/settings';
import type { Transport } from '@shared/contract/transport';
import type { LangStore } from '../i18n/lang-store';
import { DEFAULT_LOG_CAPACITY } from '../log/log-store';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';
import { DEFAULT_REPEAT_PERIOD } from './repeat-slice';

/** Quiet time after the last change before the settings are written (ms): one write per burst of typing. */
export const SAVE_DEBOUNCE_MS = 300;

/** The parts of the app state that are remembered; a change to any of them schedules a save. */
const PERSISTED_KEYS = [
  'protocol',
  'localAddress',
  'localPort',
  'remoteHost',
  'remotePort',
  'clientLocalPort',
  'udpTarget',
  'recvMode',
  'logMode',
  'wrap',
  'autoScroll',
  'logCapacity',
  'sendMode',
  'escapes',
  'appendCrlf',
  'history',
  'repeatPeriod',
  'capturePath',
  'sendFilePath',
] as const satisfies ReadonlyArray<keyof AppState>;

type Persisted = Pick<AppState, (typeof PERSISTED_KEYS)[number]> & { readonly language: AppSettings['language'] };

function persistedOf(state: AppState, lang: LangStore): Persisted {
  const picked = Object.fromEntries(PERSISTED_KEYS.map((key) => [key, state[key]])) as Pick<AppState, (typeof PERSISTED_KEYS)[number]>;
  return { ...picked, language: lang.getState().choice };
}

function samePersisted(a: Persisted, b: Persisted): boolean {
  return a.language === b.language && PERSISTED_KEYS.every((key) => a[key] === b[key]);
}

const clip = (text: string): string => text.slice(0, SETTINGS_LIMITS.fieldChars);
const clipPath = (text: string): string => text.slice(0, SESSION_TASK_LIMITS.maxPathChars);

/** The form as the settings file keeps it: fields as typed (clipped to the schema's caps), history that fits. */
export function settingsFromState(state: AppState, language: AppSettings['language']): AppSettings {
  return {
    version: SETTINGS_VERSION,
    protocol: state.protocol,
    localAddress: clip(state.localAddress),
    localPort: clip(state.localPort),
    remoteHost: clip(state.remoteHost),
    remotePort: clip(state.remotePort),
    clientLocalPort: clip(state.clientLocalPort),
    udpTarget: clip(state.udpTarget),
    receive: { mode: state.recvMode, logMode: state.logMode, wrap: state.wrap, autoScroll: state.autoScroll, logCapacity: state.logCapacity },
    send: { mode: state.sendMode, escapes: state.escapes, appendCrlf: state.appendCrlf },
    // A send too long to remember is still sent; it is just not kept across runs.
    history: state.history
      .filter((item) => item.text.length <= SETTINGS_LIMITS.historyItemChars)
      .slice(0, SETTINGS_LIMITS.historyItems)
      .map(({ text, mode }) => ({ text, mode })),
    repeatPeriod: clip(state.repeatPeriod),
    capturePath: clipPath(state.capturePath),
    sendFilePath: clipPath(state.sendFilePath),
    language,
  };
}

/** The store fields a loaded AppSettings sets. */
export function stateFromSettings(settings: AppSettings): Partial<AppState> {
  return {
    protocol: settings.protocol,
    localAddress: settings.localAddress,
    localPort: settings.localPort,
    remoteHost: settings.remoteHost,
    remotePort: settings.remotePort,
    clientLocalPort: settings.clientLocalPort,
    udpTarget: settings.udpTarget,
    recvMode: settings.receive.mode,
    logMode: settings.receive.logMode,
    wrap: settings.receive.wrap,
    autoScroll: settings.receive.autoScroll,
    logCapacity: settings.receive.logCapacity ?? DEFAULT_LOG_CAPACITY,
    sendMode: settings.send.mode,
    escapes: settings.send.escapes,
    appendCrlf: settings.send.appendCrlf,
    history: settings.history,
    // Absent in files written before these fields existed: the defaults.
    repeatPeriod: settings.repeatPeriod ?? DEFAULT_REPEAT_PERIOD,
    capturePath: settings.capturePath ?? '',
    sendFilePath: settings.sendFilePath ?? '',
  };
}

/** A transport failure (no token, host gone) is already shown by the host banner; it needs no second message. */
function isTransportFailure(error: AppError): boolean {
  const reason = error.params?.reason;
  return reason === TRANSPORT_REASONS.noToken || reason === TRANSPORT_REASONS.closed;
}

export interface SettingsSyncDeps {
  readonly store: AppStore;
  readonly lang: LangStore;
  readonly transport: Pick<Transport, 'invoke'>;
  readonly debounceMs?: number;
}

/**
 * Keeps the form, the send/receive options, the send history and the language choice in the host's settings
 * file (settings.load / settings.save). `restore` loads them once; from then on every change is saved after a
 * quiet period, and `flush` writes a pending change at once (the page calls it on pagehide, so a reload right
 * after a change keeps it). Nothing is saved until a load has succeeded: a page that could not read the settings
 * must not overwrite them with its defaults.
 */
export class SettingsSync {
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the file holds (as far as this page knows); undefined until loaded. */
  private persisted: Persisted | undefined;
  /** The persisted fields at the last change seen: other store updates (traffic, counters) cost one comparison. */
  private lastSeen: Persisted | undefined;
  private isFailing = false;
  private isDisposed = false;
  private readonly offs: Array<() => void> = [];

  constructor(private readonly deps: SettingsSyncDeps) {
    this.debounceMs = deps.debounceMs ?? SAVE_DEBOUNCE_MS;
  }

  /**
   * Loads the settings and applies them. Resolves when they are applied, or after `waitMs` at the latest so a slow
   * host does not keep the page blank; a late answer is still applied if the user has not changed anything yet.
   */
  restore(waitMs: number): Promise<void> {
    const baseline = this.current();
    const loading = this.deps.transport.invoke('settings.load', {}).then((result) => this.adopt(result, baseline));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    return Promise.race([loading, waited]).finally(() => clearTimeout(timer));
  }

  /** Writes a pending change now. */
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.save();
  }

  dispose(): void {
    this.isDisposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.offs.splice(0).forEach((off) => off());
  }

  private current(): Persisted {
    return persistedOf(this.deps.store.getState(), this.deps.lang);
  }

  private adopt(result: Result<{ readonly settings: AppSettings | null }>, baseline: Persisted): void {
    if (this.isDisposed) return;
    if (!result.ok) {
      if (!isTransportFailure(result.error)) this.deps.store.getState().showError('settings', result.error);
      return; // no saves from this page: see the class comment
    }
    const { settings } = result.value;
    // Applied unless the user already changed something while the load was slow: their change wins, and is saved.
    const isUntouched = samePersisted(baseline, this.current());
    if (settings && isUntouched) {
      this.deps.store.setState(stateFromSettings(settings));
      this.deps.lang.getState().restoreChoice(settings.language);
    }
    // What the file holds, as far as this page knows; no file yet means the defaults (nothing to write until a change).
    this.persisted = settings ? (isUntouched ? this.current() : undefined) : baseline;
    this.lastSeen = this.current();
    if (!this.persisted || !samePersisted(this.persisted, this.lastSeen)) this.schedule();
    this.offs.push(this.deps.store.subscribe(() => this.onChange()));
    this.offs.push(this.deps.lang.subscribe(() => this.onChange()));
  }

  private onChange(): void {
    const now = this.current();
    if (this.lastSeen && samePersisted(this.lastSeen, now)) return;
    this.lastSeen = now;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.debounceMs);
  }

  private async save(): Promise<void> {
    const snapshot = this.current();
    if (this.persisted && samePersisted(this.persisted, snapshot)) return;
    this.persisted = snapshot;
    const settings = settingsFromState(this.deps.store.getState(), snapshot.language);
    const result = await this.deps.transport.invoke('settings.save', { settings });
    if (result.ok) {
      this.isFailing = false;
      return;
    }
    // Tried again on the next change (not on every store update); the error is shown once per run of failures.
    if (!this.isFailing && !isTransportFailure(result.error)) this.deps.store.getState().showError('settings', result.error);
    this.isFailing = true;
  }
}
