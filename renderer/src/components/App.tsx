import { useEffect } from 'react';
import { translate } from '../i18n/i18n';
import { useLang } from '../i18n/lang-store';
import { HostBanner } from './HostBanner';
import { LogPane } from './LogPane';
import { NetworkSettings } from './NetworkSettings';
import { ReceiveSettings } from './ReceiveSettings';
import { SendArea } from './SendArea';
import { SendSettings } from './SendSettings';
import { StatusBar } from './StatusBar';

/** NetAssist layout (DESIGN §4): settings on the left, log above the send box on the right, status bar below. */
export function App() {
  const lang = useLang();
  useEffect(() => {
    document.title = translate(lang, 'app.title');
  }, [lang]);
  return (
    <div className="app">
      <HostBanner />
      <div className="main">
        <aside className="settings-column">
          <NetworkSettings />
          <ReceiveSettings />
          <SendSettings />
        </aside>
        <div className="work-column">
          <LogPane />
          <SendArea />
        </div>
      </div>
      <StatusBar />
    </div>
  );
}
