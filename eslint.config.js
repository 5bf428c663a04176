// Layer rules of DESIGN §1: renderer → shared ← electron; engine ← main, engine ← serve.
// An import that crosses a line fails `npm run lint`.
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node built-ins (DESIGN §1).' };
const electronModule = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const restrict = (patterns, paths = []) => ({ 'no-restricted-imports': ['error', { patterns, paths }] });
const toFolder = (folder, message) => ({ group: [`**/${folder}/**`, `**/${folder}`], message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'playwright-report/**', 'test-results/**', 'bench/results*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'], // tests run under Node and may read files
    rules: restrict(
      [nodeBuiltins, toFolder('electron', 'shared/ is isomorphic.'), toFolder('renderer', 'shared/ is isomorphic.'), { group: ['react', 'react-*', 'zustand'], message: 'shared/ is isomorphic.' }],
      [electronModule],
    ),
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: restrict(
      [toFolder('renderer', 'The engine never sees the UI.'), toFolder('main', 'The engine is hosted by main, not the reverse.'), toFolder('serve', 'The engine is hosted by serve, not the reverse.'), { group: ['react', 'zustand'], message: 'No UI in the engine.' }],
      [electronModule],
    ),
  },
  {
    files: ['electron/serve/**/*.ts'],
    rules: restrict([toFolder('renderer', 'Hosts talk to the renderer through the contract only.'), toFolder('main', 'serve runs without Electron.')], [electronModule]),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: restrict([toFolder('renderer', 'Hosts talk to the renderer through the contract only.'), toFolder('serve', 'The Electron host does not use the browser host.')]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict([nodeBuiltins, toFolder('electron', 'The renderer talks to the contract only (shared/).'), { group: ['ws'], message: 'Use the Transport interface.' }], [electronModule]),
  },
);
