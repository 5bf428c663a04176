import { describe, expect, it } from 'vitest';
import { isAbsoluteHostPath } from '@shared/contract/session-tasks';
import { examplePath } from './example-path';

describe('examplePath', () => {
  const now = new Date(2026, 10, 22, 3, 4, 5);
  it('suggests a dated capture file in the style of the host OS, and the example is a valid path', () => {
    const posix = examplePath('capture', now, 'Mozilla/5.0 (X11; Linux x86_64)');
    const windows = examplePath('capture', now, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)');
    expect(posix).toBe('/tmp/capture-20261122-030405.bin');
    expect(windows).toBe('C:\\Users\\me\\Documents\\capture-20261122-030405.bin');
    expect([posix, windows, examplePath('send', now, 'Linux')].every(isAbsoluteHostPath)).toBe(true);
  });
});
