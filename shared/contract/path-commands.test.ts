import { describe, expect, it } from 'vitest';
import { commandSchemas } from './schemas';

// system.listDirectory and system.pickPath: the page's "Browse…" buttons (issue 9). Host paths as everywhere else
// in the contract (hostPathSchema): absolute, bounded, no NUL.
describe('system.listDirectory and system.pickPath arguments', () => {
  const list = commandSchemas['system.listDirectory'];
  const pick = commandSchemas['system.pickPath'];

  it.each(['/home/me', '/', 'C:\\', 'D:/data', '\\\\server\\share'])('take the absolute path %s', (path) => {
    expect(list.safeParse({ path }).success).toBe(true);
    expect(pick.safeParse({ purpose: 'capture', defaultPath: path }).success).toBe(true);
  });

  it('take no path at all (listDirectory: the home directory; pickPath: the dialog’s own choice)', () => {
    expect(list.safeParse({}).success).toBe(true);
    expect(pick.safeParse({ purpose: 'sendFile' }).success).toBe(true);
  });

  it.each(['', 'relative', './here', 'C:here', '/tmp/a\0b', `/${'a'.repeat(4096)}`, 42, null])('refuse the path %j', (path) => {
    expect(list.safeParse({ path }).success).toBe(false);
    expect(pick.safeParse({ purpose: 'capture', defaultPath: path }).success).toBe(false);
  });

  it('refuse other purposes, a missing purpose and unknown fields', () => {
    expect(pick.safeParse({ purpose: 'open' }).success).toBe(false);
    expect(pick.safeParse({}).success).toBe(false);
    expect(pick.safeParse({ purpose: 'capture', title: 'Pick' }).success).toBe(false);
    expect(list.safeParse({ path: '/tmp', showHidden: true }).success).toBe(false);
    expect(list.safeParse(null).success).toBe(false);
  });
});
