/**
 * Records the renderer bundle's size as B11's baseline (bench/bundle-baseline.json), from the current build:
 *   npx electron-vite build && npx tsx bench/tools/record-bundle-baseline.ts "why the bundle is allowed this size"
 * The reason is required: a new baseline should say why the old one no longer holds.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleBaseline } from '../harness/bundle-size';
import { measureBundle } from '../harness/bundle-size';

const why = process.argv[2]?.trim();
if (!why) throw new Error('give the reason for the new baseline as the first argument');
const root = fileURLToPath(new URL('../..', import.meta.url));
const size = await measureBundle(root);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const baseline: BundleBaseline = { recorded: new Date().toISOString().slice(0, 10), commit, why, initial: size.initial, total: size.total };
writeFileSync(new URL('../bundle-baseline.json', import.meta.url), `${JSON.stringify(baseline, null, 2)}\n`);
console.log(JSON.stringify(baseline, null, 2));
