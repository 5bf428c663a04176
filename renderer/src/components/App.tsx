import { useEffect } from 'react';
import { translate } from '../i18n/i18n';
import { useLang } from '../i18n/lang-store';
import { TabProvider, useTab } from '../store/tab-context';
import { QuickCommands } from '../quick/QuickCommands';
import { SequencePanel } from '../sequence/SequencePanel';
import { AutoReplyPanel } from '../auto-reply/AutoReplyPanel';
import { ClientList } from './ClientList';
import { useWorkspace } from '../workspace/workspace-context';
import { HostBanner } from './HostBanner';
import { HostRestartNotice } from './HostRestartNotice';
import { LogPane } from './LogPane';
import { NetworkSettings } from './NetworkSettings';
import { ReceiveSettings } from './ReceiveSettings';
import { SendArea } from './SendArea';
import { SendSettings } from './SendSettings';
import { StatusBar } from './StatusBar';
import { TabBar } from './TabBar';

/**
 * The window: the host banner, the tab bar, and the active tab's panel in the NetAssist layout (DESIGN §4):
 * settings on the left, log above the send box on the right, status bar below. Only the active tab's panel is
 * mounted, so only its log is drawn; hidden tabs keep receiving into their stores and logs.
 */
export function App() {
  const lang = useLang();
  useEffect(() => {
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const activeTab = useWorkspace((s) => s.tabs.find((tab) => tab.id === s.activeTabId));
  return (
    <div className="app">
      <HostBanner />
      <HostRestartNotice />
      <TabBar />
      {activeTab && (
        <TabProvider key={activeTab.id} store={activeTab.store} log={activeTab.log}>
          <SessionPanel tabId={activeTab.id} />
        </TabProvider>
      )}
    </div>
  );
}

function SessionPanel({ tabId }: { readonly tabId: string }) {
  // A relay lists its pairs as a server lists its clients.
  const isServer = useTab((s) => (s.sessionProtocol ?? s.protocol) === 'tcp-server' || (s.sessionProtocol ?? s.protocol) === 'relay');
  return (
    <div className="session-panel" role="tabpanel" data-testid="session-panel" data-tab-id={tabId}>
      <div className="main">
        <aside className="settings-column">
          <NetworkSettings />
          <ReceiveSettings />
          <SendSettings />
        </aside>
        <div className="work-column">
          <LogPane />
          {isServer && <ClientList />}
          <SendArea />
          {/* Folded, the strips share one line (the log keeps its room); unfolded, each takes the width. */}
          <div className="work-strips">
            <QuickCommands />
            <AutoReplyPanel />
            <SequencePanel />
          </div>
        </div>
      </div>
      <StatusBar />
    </div>
  );
}
