import { createStore, useStore, type StoreApi } from 'zustand';
import { langFromLocale, translate, type Lang, type Translate } from './i18n';

export interface LangState {
  /** The language shown: the user's choice, or the OS/browser locale's. */
  readonly lang: Lang;
  /** What the user picked; null = follow the OS locale. Persisted with the settings (store/settings-sync.ts). */
  readonly choice: Lang | null;
  setLang(lang: Lang): void;
  toggleLang(): void;
  /** Applies a remembered choice (from the settings) without counting as a new one. */
  restoreChoice(choice: Lang | null): void;
}

export type LangStore = StoreApi<LangState>;

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function createLangStore(systemLocale: string | undefined): LangStore {
  const system = langFromLocale(systemLocale);
  const store = createStore<LangState>()((set, get) => ({
    lang: system,
    choice: null,
    setLang(lang) {
      applyToDocument(lang);
      set({ lang, choice: lang });
    },
    toggleLang() {
      get().setLang(get().lang === 'zh-CN' ? 'en' : 'zh-CN');
    },
    restoreChoice(choice) {
      const lang = choice ?? system;
      applyToDocument(lang);
      set({ lang, choice });
    },
  }));
  applyToDocument(store.getState().lang);
  return store;
}

/** The page's language store: the OS/browser locale until the settings say otherwise. */
export const langStore = createLangStore(globalThis.navigator?.language);

export function useLang(): Lang {
  return useStore(langStore, (s) => s.lang);
}

/** `t(key, params)` in the current language; components re-render when the language changes. */
export function useT(): Translate {
  const lang = useLang();
  return (key, params) => translate(lang, key, params);
}

export function useToggleLang(): () => void {
  return useStore(langStore, (s) => s.toggleLang);
}
