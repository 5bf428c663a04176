import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { createBenchHook, type BenchHook } from './log/bench-hook';
import { LogStore } from './log/log-store';
import { attachEvents, createAppStore } from './store/app-store';
import { EarlyEvents } from './store/early-events';
import { langStore } from './i18n/lang-store';
import { SettingsSync } from './store/settings-sync';
import { StoresProvider } from './store/store-context';
import { pickTransport } from './transport/pick-transport';
import './styles.css';

/**
 * Longest wait for the saved settings before the first render (ms). The host answers from a small local file in
 * a few ms; past this the defaults are drawn and the settings still apply when they arrive, if untouched.
 */
const SETTINGS_WAIT_MS = 1_500;

const transport = pickTransport();
const log = new LogStore();
const deps = { transport, log, early: new EarlyEvents() };
const app = createAppStore(deps);
attachEvents(app, deps);
void app.getState().loadInterfaces();

// Benchmark seam (bench/ B6): only with ?bench=1 in the page URL; see log/bench-hook.ts.
if (new URLSearchParams(window.location.search).get('bench') === '1') {
  (window as Window & { socketdeskBench?: BenchHook }).socketdeskBench = createBenchHook(log);
}

// Settings first, so the form does not flash its defaults; a pending save is written as the page goes away.
const settings = new SettingsSync({ store: app, lang: langStore, transport });
window.addEventListener('pagehide', () => settings.flush());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void settings.restore(SETTINGS_WAIT_MS).then(() =>
  createRoot(root).render(
    <StrictMode>
      <StoresProvider app={app} log={log}>
        <App />
      </StoresProvider>
    </StrictMode>,
  ),
);
