// The Electron security lint of `npm test` (issue 11): @doyensec/electronegativity over electron/ and renderer/,
// with the Electron version that is really installed, failing on any HIGH or MEDIUM finding. The tool's own exit
// code is 0 whatever it finds, and its CSV/SARIF output leaves out the files it could not parse, so this runs it
// through its programmatic API (the same runner the CLI calls) and judges the findings itself.
//
// Usage: node scripts/electronegativity-check.mjs [dir ...]   (default: electron renderer)
// A finding that has been reviewed and is not a problem is suppressed by a comment on the reported line,
// `// eng-disable CHECK_ID` (JS/TS) or `<!-- eng-disable CHECK_ID -->` (HTML), next to a comment that says why.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Severities that fail the check; LOW and INFORMATIONAL are printed as notes. */
const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

/**
 * Checks left out, and why:
 * - AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub (no timeout of its own) to say
 *   whether a newer patch release has security fixes. Offline it hangs or says nothing; it also needs a package.json
 *   inside the scanned folders, which electron/ and renderer/ do not have. Keeping Electron current is npm's job
 *   (`npm outdated electron`), not this offline lint's.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** The whole scan (parsing a few hundred files, plus the tool's 1 s translation fetch and its retries) takes seconds; past this something hangs. */
const SCAN_TIMEOUT_MS = 120_000;

/** The installed Electron's version, e.g. "45.4.1" — what the app ships with, not the range in package.json. */
export function installedElectronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/**
 * Scans the folders together (the tool's global checks — navigation limits, permission handler, CSP — look for
 * their handlers across every file of one scan, so electron/ and renderer/ must be one scan): a temporary folder
 * holds a symlink to each, and paths are reported relative to it, i.e. as `electron/main/…`.
 * @param {string[]} dirs
 * @param {string} electronVersion
 */
export async function scan(dirs, electronVersion) {
  const root = mkdtempSync(join(tmpdir(), 'socketdesk-electronegativity-'));
  const chatter = [];
  const log = console.log;
  const lang = process.env.LANG;
  try {
    for (const dir of dirs) symlinkSync(resolve(dir), join(root, basename(resolve(dir))), 'dir');
    // The tool picks its message language from LANG and has texts for en-US only (C.UTF-8 would leave them empty).
    process.env.LANG = 'en-US';
    // It talks on stdout (e.g. "Could not retrieve updated translations" when offline): kept aside, shown as notes.
    console.log = (...args) => chatter.push(args.join(' '));
    const runModule = require('@doyensec/electronegativity');
    const run = runModule.default ?? runModule;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`electronegativity did not finish within ${SCAN_TIMEOUT_MS / 1000} s`)), SCAN_TIMEOUT_MS);
    });
    const result = await Promise.race([
      run({
        input: root,
        electronVersionOverride: electronVersion,
        excludeFromScan: EXCLUDED_CHECKS,
        customScan: [],
        parserPlugins: [],
        isRelative: true,
      }),
      timeout,
    ]).finally(() => clearTimeout(timer));
    const findings = result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location.line,
      column: issue.location.column,
      sample: typeof issue.sample === 'string' ? issue.sample.trim() : '',
      description: issue.description,
      manualReview: Boolean(issue.manualReview),
    }));
    const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: relativeTo(root, e.file), message: e.message }));
    const parseWarnings = result.errors.filter((e) => e.tolerable).map((e) => ({ file: relativeTo(root, e.file), message: e.message }));
    return {
      failing: findings.filter((f) => FAILING_SEVERITIES.has(f.severity)),
      notes: findings.filter((f) => !FAILING_SEVERITIES.has(f.severity)),
      parseErrors,
      parseWarnings,
      checks: result.globalChecks + result.atomicChecks,
      chatter,
    };
  } finally {
    console.log = log;
    if (lang === undefined) delete process.env.LANG;
    else process.env.LANG = lang;
    rmSync(root, { recursive: true, force: true });
  }
}

function relativeTo(root, file) {
  return file.startsWith(root + '/') ? file.slice(root.length + 1) : file;
}

/**
 * What the CSP evaluator the tool uses objects to in `policy` ("script-src 'self': …"), since the tool itself only
 * says that something may be weak.
 */
function cspComplaints(policy) {
  try {
    const csp = createRequire(require.resolve('@doyensec/electronegativity'))('@doyensec/csp-evaluator');
    const findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
    return findings.filter((f) => f.severity < csp.severities.INFO).map((f) => `${f.directive} ${f.value ?? ''}: ${f.description}`.replace(/ +/g, ' '));
  } catch {
    return [];
  }
}

function describe(finding) {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  const review = finding.manualReview ? ', review required' : '';
  const sample = finding.sample ? `\n      ${finding.sample}` : '';
  const details = finding.id === 'CSP_GLOBAL_CHECK' && finding.sample ? cspComplaints(finding.sample).map((c) => `\n      - ${c}`).join('') : '';
  const url = `https://github.com/doyensec/electronegativity/wiki/${finding.id}`;
  return `  ${finding.severity} (${finding.confidence}${review}) ${finding.id} at ${where}${sample}\n      ${finding.description}${details}\n      ${url}`;
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) dirs.push('electron', 'renderer');
  const version = installedElectronVersion();
  const report = await scan(dirs, version);
  console.log(`electronegativity: ${dirs.join(', ')} as Electron ${version}, ${report.checks} checks`);
  for (const line of report.chatter) console.log(`  (tool) ${line}`);
  for (const warning of report.parseWarnings) console.log(`  parse warning in ${warning.file}: ${warning.message}`);
  if (report.notes.length > 0) {
    console.log(`${report.notes.length} LOW/INFORMATIONAL finding(s), not failing:`);
    for (const finding of report.notes) console.log(describe(finding));
  }
  let failed = false;
  if (report.parseErrors.length > 0) {
    failed = true;
    console.error(`${report.parseErrors.length} file(s) could not be parsed, so were not checked:`);
    for (const error of report.parseErrors) console.error(`  ${error.file}: ${error.message}`);
  }
  if (report.failing.length > 0) {
    failed = true;
    console.error(`${report.failing.length} HIGH/MEDIUM finding(s). Fix the code, or, when a reviewed finding is not a problem, put`);
    console.error('`// eng-disable CHECK_ID` on the reported line with a comment that says why:');
    for (const finding of report.failing) console.error(describe(finding));
  }
  if (!failed) console.log('electronegativity: no HIGH or MEDIUM finding.');
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`electronegativity check failed to run: ${error instanceof Error ? error.message : String(error)}`);
    // exit, not exitCode: after a timeout the tool may still hold the event loop open.
    process.exit(2);
  });
}
