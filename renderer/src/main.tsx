import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { LogStore } from './log/log-store';
import { attachEvents, createAppStore } from './store/app-store';
import { EarlyEvents } from './store/early-events';
import { StoresProvider } from './store/store-context';
import { pickTransport } from './transport/pick-transport';
import './styles.css';

function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked storage: history lives in memory for this page
  }
}

const transport = pickTransport();
const log = new LogStore();
const deps = { transport, log, early: new EarlyEvents(), storage: safeLocalStorage() };
const app = createAppStore(deps);
attachEvents(app, deps);
void app.getState().loadInterfaces();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoresProvider app={app} log={log}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
