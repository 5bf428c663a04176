import type { AppError, Result } from '@shared/contract/errors';
import { SETTINGS_LIMITS, SETTINGS_VERSION, type AppSettings } from '@shared/contract/settings';
import type { Transport } from '@shared/contract/transport';
import type { LangStore } from '../i18n/lang-store';
import type { ThemeChoice, ThemeStore } from '../theme/theme-store';
import { TRANSPORT_REASONS } from '../i18n/localize-error';
import type { Workspace } from './create-workspace';
import { historyFromSettings, historyToSettings } from './send-history';
import { samePersistedTab, stateFromTabSettings, tabSettingsFromState } from './tab-settings';
import type { WorkspaceState } from './workspace-state';

/** Quiet time after the last change before the workspace file is written (ms): one write per burst of typing. */
export const SAVE_DEBOUNCE_MS = 300;

/** The workspace file's content for the current state: tabs in bar order, fields clipped to the schema's caps. */
export function settingsFromWorkspace(state: WorkspaceState, language: AppSettings['language'], theme: ThemeChoice = 'system'): AppSettings {
  return {
    version: SETTINGS_VERSION,
    tabs: state.tabs.slice(0, SETTINGS_LIMITS.tabs).map((tab) => tabSettingsFromState(tab, tab.store.getState())),
    activeTabId: state.activeTabId,
    // A send too long to remember is still sent; it is just not kept across runs.
    history: historyToSettings(state.history),
    // Written only when there are some, so a file without quick commands stays as older versions wrote it.
    ...(state.quickCommands.length > 0 ? { quickCommands: state.quickCommands.map((c) => ({ ...c, spec: { ...c.spec } })) } : {}),
    language,
    theme,
  };
}

/** A transport failure (no token, host gone) is already shown by the host banner; it needs no second message. */
function isTransportFailure(error: AppError): boolean {
  const reason = error.params?.reason;
  return typeof reason === 'string' && (Object.values(TRANSPORT_REASONS) as string[]).includes(reason);
}

export interface WorkspaceSyncDeps {
  readonly workspace: Pick<Workspace, 'store' | 'makeTab' | 'disposeTab'>;
  readonly lang: LangStore;
  readonly theme: ThemeStore;
  readonly transport: Pick<Transport, 'invoke'>;
  readonly debounceMs?: number;
}

/**
 * Keeps the workspace (tabs with their settings, the active tab, the send history, the language, the theme) in the host's
 * settings file (settings.load / settings.save). `restore` loads it once and puts its tabs in place; from then on
 * every change is saved after a quiet period, and `flush` writes a pending change at once (the page calls it on
 * pagehide). Nothing is saved until a load has succeeded: a page that could not read the file must not overwrite
 * it with its defaults. Traffic and counters never trigger a save: only the persisted keys are compared.
 */
export class WorkspaceSync {
  private readonly debounceMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private isLoaded = false;
  /** A persisted change happened since the last save (or, before the load, since the page started). */
  private isDirty = false;
  private isFailing = false;
  private isDisposed = false;
  private readonly offs: Array<() => void> = [];
  private tabOffs: Array<() => void> = [];

  constructor(private readonly deps: WorkspaceSyncDeps) {
    this.debounceMs = deps.debounceMs ?? SAVE_DEBOUNCE_MS;
    const { store } = deps.workspace;
    this.watchTabs();
    this.offs.push(
      store.subscribe((s, prev) => {
        if (s.tabs !== prev.tabs) this.watchTabs();
        if (s.tabs !== prev.tabs || s.activeTabId !== prev.activeTabId || s.history !== prev.history || s.quickCommands !== prev.quickCommands) this.changed();
      }),
      deps.lang.subscribe((s, prev) => {
        if (s.choice !== prev.choice) this.changed();
      }),
      deps.theme.subscribe((s, prev) => {
        if (s.choice !== prev.choice) this.changed();
      }),
    );
  }

  /**
   * Loads the workspace and puts it in place. Resolves when applied, or after `waitMs` at the latest so a slow host
   * does not keep the page blank; a late answer is still applied if the user has not changed anything yet.
   */
  restore(waitMs: number): Promise<void> {
    const loading = this.deps.transport.invoke('settings.load', {}).then((result) => this.adopt(result));
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
    this.tabOffs.splice(0).forEach((off) => off());
  }

  private watchTabs(): void {
    this.tabOffs.splice(0).forEach((off) => off());
    this.tabOffs = this.deps.workspace.store.getState().tabs.map((tab) =>
      tab.store.subscribe((s, prev) => {
        if (!samePersistedTab(s, prev)) this.changed();
      }),
    );
  }

  private adopt(result: Result<{ readonly settings: AppSettings | null }>): void {
    if (this.isDisposed) return;
    const { store } = this.deps.workspace;
    if (!result.ok) {
      if (!isTransportFailure(result.error)) store.setState({ settingsError: result.error });
      return; // no saves from this page: see the class comment
    }
    const { settings } = result.value;
    // Applied unless the user already changed something while the load was slow: their change wins, and is saved.
    if (settings && !this.isDirty) {
      this.apply(settings);
      this.isDirty = false;
    }
    this.isLoaded = true;
    if (this.isDirty) this.schedule();
  }

  private apply(settings: AppSettings): void {
    const { store, makeTab, disposeTab } = this.deps.workspace;
    const previous = store.getState().tabs;
    const tabs = settings.tabs.map((saved) => makeTab({ id: saved.id, title: saved.title, openAtStart: saved.openAtStart }, stateFromTabSettings(saved)));
    const activeTabId = tabs.some((tab) => tab.id === settings.activeTabId) ? settings.activeTabId! : tabs[0]!.id;
    store.setState({ tabs, activeTabId, history: historyFromSettings(settings.history), quickCommands: settings.quickCommands ?? [] });
    for (const tab of previous) disposeTab(tab);
    this.deps.lang.getState().restoreChoice(settings.language);
    this.deps.theme.getState().setChoice(settings.theme ?? 'system');
  }

  private changed(): void {
    this.isDirty = true;
    if (this.isLoaded) this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.debounceMs);
  }

  private async save(): Promise<void> {
    if (!this.isDirty || this.isDisposed) return;
    this.isDirty = false;
    const { store } = this.deps.workspace;
    const settings = settingsFromWorkspace(store.getState(), this.deps.lang.getState().choice, this.deps.theme.getState().choice);
    const result = await this.deps.transport.invoke('settings.save', { settings });
    if (result.ok) {
      this.isFailing = false;
      if (store.getState().settingsError) store.setState({ settingsError: null });
      return;
    }
    // Tried again on the next change (not on every store update); the error is shown once per run of failures.
    if (!this.isFailing && !isTransportFailure(result.error)) store.setState({ settingsError: result.error });
    this.isFailing = true;
  }
}
