import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { useT } from '../i18n/lang-store';
import type { Tab } from '../workspace/workspace-state';
import { useWorkspace } from '../workspace/workspace-context';
import { tabLabel } from './tab-label';

/** MIME type of a tab being dragged: only our own tabs are dropped here. */
const DRAG_TYPE = 'application/x-socketdesk-tab';

/** The workspace's tabs (DESIGN §4b): one per session, with its protocol, endpoint, state and an activity mark. */
export function TabBar() {
  const t = useT();
  const tabs = useWorkspace((s) => s.tabs);
  const newTab = useWorkspace((s) => s.newTab);
  const [menuFor, setMenuFor] = useState<{ readonly id: string; readonly x: number; readonly y: number } | null>(null);
  return (
    <div className="tab-bar">
      <div className="tab-strip" role="tablist" aria-label={t('tab.list')}>
        {tabs.map((tab, index) => (
          <TabButton key={tab.id} tab={tab} index={index} onMenu={(x, y) => setMenuFor({ id: tab.id, x, y })} />
        ))}
      </div>
      <button type="button" className="tab-new" data-testid="tab-new" title={t('tab.new')} aria-label={t('tab.new')} onClick={() => newTab()}>
        +
      </button>
      {menuFor && <TabMenu tabId={menuFor.id} x={menuFor.x} y={menuFor.y} onClose={() => setMenuFor(null)} />}
    </div>
  );
}

function TabButton({ tab, index, onMenu }: { readonly tab: Tab; readonly index: number; readonly onMenu: (x: number, y: number) => void }) {
  const t = useT();
  const isActive = useWorkspace((s) => s.activeTabId === tab.id);
  const activateTab = useWorkspace((s) => s.activateTab);
  const closeTab = useWorkspace((s) => s.closeTab);
  const moveTab = useWorkspace((s) => s.moveTab);
  const renameTab = useWorkspace((s) => s.renameTab);
  const protocol = useStore(tab.store, (s) => (s.sessionState === 'closed' ? s.protocol : (s.sessionProtocol ?? s.protocol)));
  const state = useStore(tab.store, (s) => s.sessionState);
  const hasActivity = useStore(tab.store, (s) => s.hasUnseenTraffic);
  const hasProblem = useStore(tab.store, (s) => s.closeReason !== null && s.closeReason !== 'peer-closed' && s.sessionState === 'closed');
  const label = useStore(tab.store, (s) => tabLabel(tab.title, s, t));
  const [isRenaming, setRenaming] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  // A crowded strip scrolls: the tab the user just opened or picked from the keyboard must come into view.
  useEffect(() => {
    if (isActive) ref.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [isActive]);

  const onDrop = (event: DragEvent): void => {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    if (!id) return;
    event.preventDefault();
    moveTab(id, index);
  };

  return (
    <div
      ref={ref}
      role="tab"
      aria-selected={isActive}
      tabIndex={isActive ? 0 : -1}
      className={`tab state-${state}${isActive ? ' is-active' : ''}${hasProblem ? ' has-problem' : ''}`}
      data-testid="tab"
      data-tab-id={tab.id}
      data-active={isActive ? 'true' : 'false'}
      data-protocol={protocol}
      data-state={state}
      data-activity={hasActivity ? 'true' : 'false'}
      title={t('tab.hint', { label })}
      draggable={!isRenaming}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, tab.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault();
      }}
      onDrop={onDrop}
      onMouseDown={(event) => {
        // Middle click closes, as in browsers.
        if (event.button === 1) {
          event.preventDefault();
          void closeTab(tab.id);
        }
      }}
      onClick={() => activateTab(tab.id)}
      onDoubleClick={() => setRenaming(true)}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(event.clientX, event.clientY);
      }}
    >
      <span className="tab-led" aria-label={t(`tab.state.${state}`)} />
      {isRenaming ? (
        <RenameInput
          initial={tab.title || label}
          onDone={(title) => {
            setRenaming(false);
            if (title !== null) renameTab(tab.id, title === label ? '' : title);
          }}
        />
      ) : (
        <span className="tab-label">{label}</span>
      )}
      {hasActivity && <span className="tab-activity" data-testid="tab-activity" title={t('tab.activity')} aria-label={t('tab.activity')} />}
      <button
        type="button"
        className="tab-close"
        data-testid="tab-close"
        title={t('tab.close')}
        aria-label={t('tab.close')}
        onClick={(event) => {
          event.stopPropagation();
          void closeTab(tab.id);
        }}
      >
        ×
      </button>
    </div>
  );
}

/** In-place rename: Enter or leaving the field keeps it, Escape cancels (null). */
function RenameInput({ initial, onDone }: { readonly initial: string; readonly onDone: (title: string | null) => void }) {
  const t = useT();
  const ref = useRef<HTMLInputElement>(null);
  const isDone = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (title: string | null): void => {
    if (isDone.current) return;
    isDone.current = true;
    onDone(title);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') finish(event.currentTarget.value);
    else if (event.key === 'Escape') finish(null);
    event.stopPropagation();
  };
  return (
    <input
      ref={ref}
      className="tab-rename"
      data-testid="tab-rename"
      aria-label={t('tab.rename')}
      defaultValue={initial}
      maxLength={64}
      onKeyDown={onKeyDown}
      onBlur={(event) => finish(event.currentTarget.value)}
      onClick={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
    />
  );
}

/** Right-click menu of a tab: the actions that have no button of their own. */
function TabMenu({ tabId, x, y, onClose }: { readonly tabId: string; readonly x: number; readonly y: number; readonly onClose: () => void }) {
  const t = useT();
  const tab = useWorkspace((s) => s.tabs.find((candidate) => candidate.id === tabId));
  const duplicateTab = useWorkspace((s) => s.duplicateTab);
  const closeTab = useWorkspace((s) => s.closeTab);
  const setOpenAtStart = useWorkspace((s) => s.setOpenAtStart);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const away = (event: MouseEvent): void => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  if (!tab) return null;
  const act = (action: () => void) => () => {
    action();
    onClose();
  };
  return (
    <div
      ref={ref}
      className="tab-menu"
      role="menu"
      data-testid="tab-menu"
      style={{ left: x, top: y }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <button type="button" role="menuitem" data-testid="tab-duplicate" onClick={act(() => duplicateTab(tabId))}>
        {t('tab.duplicate')}
      </button>
      <label className="tab-menu-check" title={t('tab.openAtStartHint')}>
        <input type="checkbox" data-testid="tab-open-at-start" checked={tab.openAtStart} onChange={(e) => setOpenAtStart(tabId, e.target.checked)} />
        {t('tab.openAtStart')}
      </label>
      <button type="button" role="menuitem" data-testid="tab-menu-close" onClick={act(() => void closeTab(tabId))}>
        {t('tab.close')}
      </button>
    </div>
  );
}
