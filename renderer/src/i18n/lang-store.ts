import { createStore, useStore } from 'zustand';
import { isLang, langFromLocale, translate, type Lang, type Translate } from './i18n';

const STORAGE_KEY = 'socketdesk.lang';

interface LangState {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  toggleLang(): void;
}

function readStoredLang(): Lang | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(stored) ? stored : undefined;
  } catch {
    return undefined; // storage blocked (e.g. privacy mode): fall back to the OS locale, nothing lost
  }
}

function storeLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // storage blocked: the choice lasts for this page only, which is the best we can do
  }
}

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The UI language: stored choice first, then the OS/browser locale. */
export const langStore = createStore<LangState>()((set, get) => ({
  lang: readStoredLang() ?? langFromLocale(globalThis.navigator?.language),
  setLang(lang) {
    storeLang(lang);
    applyToDocument(lang);
    set({ lang });
  },
  toggleLang() {
    get().setLang(get().lang === 'zh-CN' ? 'en' : 'zh-CN');
  },
}));

applyToDocument(langStore.getState().lang);

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
