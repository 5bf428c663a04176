import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The Electron security lint of `npm run lint` (scripts/electronegativity-check.mjs) must fail when a HIGH or
 * MEDIUM finding is there: the tool's own exit code is 0 whatever it finds. Each case scans a throwaway folder
 * (the real scan covers only electron/ and renderer/), so no unsafe code ever sits in the tree.
 */
const script = fileURLToPath(new URL('../../scripts/electronegativity-check.mjs', import.meta.url));
const appDir = fileURLToPath(new URL('../..', import.meta.url));
/** A scan takes a few seconds (the tool's offline translation fetch alone retries for about three). */
const SCAN_TIMEOUT_MS = 90_000;

interface Outcome {
  readonly code: number | null;
  readonly output: string;
}

function runCheck(dir: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, dir], { cwd: appDir, timeout: SCAN_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The guards the tool's global checks look for (navigation, new windows, permissions) and a CSP, so that only the window is judged. */
const GUARDS = `import { app, session } from 'electron';
export function guard(): void {
  session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
`;
const PAGE = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'" /></head><body></body></html>\n`;

const windowSource = (preferences: string): string => `import { BrowserWindow } from 'electron';
export function open(): BrowserWindow {
  return new BrowserWindow({
    webPreferences: {
${preferences}
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
`;
/** contextIsolation off (HIGH, line 5), no sandbox (MEDIUM, line 6), Node in the page (line 7). */
const UNSAFE_WINDOW = windowSource(`      contextIsolation: false,
      sandbox: false,
      nodeIntegration: true,`);
/** The same window with both findings suppressed the way the real tree does it: a comment on the reported line. */
const SUPPRESSED_WINDOW = windowSource(`      contextIsolation: false, // eng-disable CONTEXT_ISOLATION_JS_CHECK (fixture)
      sandbox: false, // eng-disable SANDBOX_JS_CHECK (fixture)
      nodeIntegration: true,`);
const SAFE_WINDOW = windowSource(`      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,`);

let fixtures: string | undefined;
afterEach(async () => {
  if (fixtures) await rm(fixtures, { recursive: true, force: true });
  fixtures = undefined;
});

async function fixtureDir(files: Record<string, string>): Promise<string> {
  fixtures = await mkdtemp(join(tmpdir(), 'socketdesk-eng-fixture-'));
  // Scanned as a folder named app/, so the reported paths read app/<file>.
  const dir = join(fixtures, 'app');
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('electronegativity gate (scripts/electronegativity-check.mjs)', () => {
  it(
    'fails on HIGH and MEDIUM findings, names the file, line and check, and honours an eng-disable comment on the reported line',
    async () => {
      const dir = await fixtureDir({ 'guards.ts': GUARDS, 'index.html': PAGE, 'unsafe-window.ts': UNSAFE_WINDOW, 'suppressed-window.ts': SUPPRESSED_WINDOW });
      const { code, output } = await runCheck(dir);
      expect(code, output).toBe(1);
      expect(output).toContain('2 HIGH/MEDIUM finding(s)');
      expect(output).toMatch(/HIGH \(\w+\) CONTEXT_ISOLATION_JS_CHECK at app\/unsafe-window\.ts:5:\d+\n\s+contextIsolation: false,/);
      expect(output).toMatch(/MEDIUM \(\w+\) SANDBOX_JS_CHECK at app\/unsafe-window\.ts:6:\d+\n\s+sandbox: false,/);
      expect(output).not.toMatch(/_CHECK at app\/suppressed-window\.ts:[56]:/);
      // Scanned as the installed Electron, not the tool's worst-case v0.1.0 defaults.
      expect(output).toMatch(/as Electron \d+\.\d+\.\d+/);
    },
    SCAN_TIMEOUT_MS,
  );

  it(
    'fails when a file cannot be parsed, since a file the tool could not read was not checked',
    async () => {
      const dir = await fixtureDir({ 'broken.ts': 'export const = ;\n' });
      const { code, output } = await runCheck(dir);
      expect(code, output).toBe(1);
      expect(output).toMatch(/1 file\(s\) could not be parsed[\s\S]*app\/broken\.ts/);
    },
    SCAN_TIMEOUT_MS,
  );

  it(
    'passes a window with the checklist settings and the guards the global checks look for',
    async () => {
      const dir = await fixtureDir({ 'guards.ts': GUARDS, 'index.html': PAGE, 'safe-window.ts': SAFE_WINDOW });
      const { code, output } = await runCheck(dir);
      expect(code, output).toBe(0);
      expect(output).toContain('no HIGH or MEDIUM finding');
    },
    SCAN_TIMEOUT_MS,
  );
});
