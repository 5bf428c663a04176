import { createStore, useStore, type StoreApi } from 'zustand';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
/** What the user picked: a theme, or "follow the OS". */
export type ThemeChoice = (typeof THEME_CHOICES)[number];
/** The theme in force. */
export type Theme = 'light' | 'dark';

export interface ThemeState {
  readonly choice: ThemeChoice;
  readonly theme: Theme;
  setChoice(choice: ThemeChoice): void;
  /** Light → dark → system → light: one button walks through the three. */
  cycle(): void;
}

export type ThemeStore = StoreApi<ThemeState>;

/** Where the OS says whether it is dark, and tells when that changes. Absent: light. */
export interface DarkModeQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
}

const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = { light: 'dark', dark: 'system', system: 'light' };

function applyToDocument(theme: Theme): void {
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
}

/**
 * Light and dark themes (issue 8): the OS's by default, the user's choice once they pick one. The store sets
 * `data-theme` on the root element, which styles.css keys its colours on, and follows the OS while the choice is
 * "system".
 */
export function createThemeStore(darkQuery: DarkModeQuery | undefined): ThemeStore {
  const resolve = (choice: ThemeChoice): Theme => (choice === 'system' ? (darkQuery?.matches ? 'dark' : 'light') : choice);
  const store = createStore<ThemeState>()((set, get) => ({
    choice: 'system',
    theme: resolve('system'),
    setChoice(choice) {
      const theme = resolve(choice);
      applyToDocument(theme);
      set({ choice, theme });
    },
    cycle: () => get().setChoice(NEXT[get().choice]),
  }));
  darkQuery?.addEventListener('change', () => {
    if (store.getState().choice === 'system') store.getState().setChoice('system');
  });
  applyToDocument(store.getState().theme);
  return store;
}

/** The page's theme store. */
export const themeStore = createThemeStore(typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined);

export function useTheme(): ThemeState {
  return useStore(themeStore);
}
