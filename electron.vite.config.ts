import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

/**
 * One build for everything: the Electron main process and the browser host (`serve.js`, plain Node, no
 * electron import) share the main build; the preload is CommonJS because sandboxed preloads cannot be ESM.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rollupOptions: {
        input: {
          index: fileURLToPath(new URL('./electron/main/index.ts', import.meta.url)),
          serve: fileURLToPath(new URL('./electron/serve/cli.ts', import.meta.url)),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      rollupOptions: {
        input: { index: fileURLToPath(new URL('./electron/preload/index.ts', import.meta.url)) },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // iconv-lite (text encodings on send, shared/codecs/encodings.ts) reaches for Node's Buffer through
    // safer-buffer; in the page that is the `buffer` package, not Vite's empty stand-in for Node built-ins.
    resolve: { alias: { ...alias, buffer: 'buffer/' } },
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the page is also served to browsers, so minify it.
      minify: true,
      rollupOptions: { input: fileURLToPath(new URL('./renderer/index.html', import.meta.url)) },
    },
  },
});
