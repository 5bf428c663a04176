import { defineConfig } from '@playwright/test';
import type { AppOptions } from './e2e/fixtures';

/**
 * End-to-end suite: the same user stories against both hosts (DESIGN §6).
 * - `chromium`: the browser host (`node out/main/serve.js`) opened in Debian's Chromium.
 * - `electron`: the Electron host (`out/main/index.js`); skips with a printed reason where the Electron binary
 *   is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD), never passes without running.
 * Both need `npm run build` first (`npm test` does it).
 */
export default defineConfig<AppOptions>({
  testDir: 'e2e',
  // Real sockets on loopback and one app per test: keep the 2-core machine calm and the ports uncontended.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  outputDir: 'test-results/artifacts',
  use: {
    actionTimeout: 5_000,
    // Debian's Chromium: `npx playwright install` cannot download here, and we do not need it to.
    launchOptions: {
      executablePath: process.env.SOCKETDESK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { hostKind: 'browser' } },
    { name: 'electron', use: { hostKind: 'electron' } },
  ],
});
