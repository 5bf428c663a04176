import { describe, expect, it } from 'vitest';
import { MESSAGES, LANGS } from '../i18n/i18n';

/** What the UI says about the link names only commands that exist: `npm start`, `npm run serve`. */
describe('host link sentences', () => {
  it.each(LANGS)('in %s name no command that does not exist', (lang) => {
    const host = Object.entries(MESSAGES[lang]).filter(([key]) => key.startsWith('host.'));
    // Other host.* sentences may come and go; these are the link's.
    expect(host.map(([key]) => key)).toEqual(expect.arrayContaining(['host.badToken', 'host.closed', 'host.connecting', 'host.noToken', 'host.reconnecting']));
    for (const [key, sentence] of host) expect(sentence, key).not.toMatch(/socketdesk serve|socketdesk start/i);
    for (const key of ['host.badToken', 'host.noToken', 'host.closed'] as const) expect(MESSAGES[lang][key], key).toContain('npm run serve');
  });
});
