import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * The packaged app's fuses (issue 11): what electron-builder flips at `npm run dist`. Packaging needs the Electron
 * binary, which this machine cannot download, so this checks the configuration it will use; on a machine with the
 * binary, `npx @electron/fuses read --app dist/…` shows them on the built app.
 */
describe('electron-builder.yml', () => {
  const config = load(readFileSync(fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)), 'utf8')) as Record<string, unknown>;

  it('packs the app into an asar archive and turns off the fuses a tampering user or a stray environment could use', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});
