import { describe, expect, it } from 'vitest';
import { createThemeStore } from './theme-store';

function fakeQuery(matches: boolean) {
  const listeners: Array<() => void> = [];
  return {
    matches,
    addEventListener: (_type: 'change', listener: () => void) => listeners.push(listener),
    flip(next: boolean) {
      this.matches = next;
      listeners.forEach((l) => l());
    },
  };
}

describe('theme store', () => {
  it('follows the OS by default, also when it changes', () => {
    const query = fakeQuery(true);
    const store = createThemeStore(query);
    expect(store.getState()).toMatchObject({ choice: 'system', theme: 'dark' });
    query.flip(false);
    expect(store.getState().theme).toBe('light');
  });

  it('keeps the user’s choice whatever the OS does, and cycles light → dark → system', () => {
    const query = fakeQuery(false);
    const store = createThemeStore(query);
    store.getState().setChoice('dark');
    query.flip(false);
    expect(store.getState().theme).toBe('dark');
    store.getState().cycle();
    expect(store.getState()).toMatchObject({ choice: 'system', theme: 'light' });
    store.getState().cycle();
    expect(store.getState()).toMatchObject({ choice: 'light', theme: 'light' });
  });
});
