import { useState } from 'react';
import { useT } from '../i18n/lang-store';
import { sendSpecOf } from '../store/send-request';
import { useTabStore } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { groupsOf, type QuickCommand, type QuickCommandDraft } from './quick-command';
import { QuickCommandForm } from './QuickCommandForm';
import { QuickCommandsMenu, type QuickNotice } from './QuickCommandsMenu';

/** The drag payload type: only chips of this strip drop here. */
const DRAG_TYPE = 'application/x-socketdesk-quick-command';

type Editing = { readonly kind: 'new'; readonly draft: QuickCommandDraft } | { readonly kind: 'edit'; readonly command: QuickCommand } | null;

/**
 * 快捷指令: a strip of buttons under the send box, one per command, grouped; click sends on this tab, F1…F12 too
 * (use-quick-hotkeys.ts). Double-click or right-click edits; drag reorders. Its height is capped (styles.css) so
 * it never takes the log's room; it folds to its header.
 */
export function QuickCommands() {
  const t = useT();
  const tab = useTabStore();
  const list = useWorkspace((s) => s.quickCommands);
  // Actions one by one: selecting the whole state would redraw the strip on every tab or link change.
  const sendQuickCommand = useWorkspace((s) => s.sendQuickCommand);
  const addQuickCommand = useWorkspace((s) => s.addQuickCommand);
  const updateQuickCommand = useWorkspace((s) => s.updateQuickCommand);
  const removeQuickCommand = useWorkspace((s) => s.removeQuickCommand);
  const moveQuickCommand = useWorkspace((s) => s.moveQuickCommand);
  const [isOpen, setOpen] = useState(true);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<QuickNotice | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);

  const startAdd = (): void => {
    setOpen(true);
    setEditing({ kind: 'new', draft: { name: '', group: '', spec: sendSpecOf(tab.getState()) } });
  };
  const drop = (targetId: string): void => {
    if (dragId && dragId !== targetId) moveQuickCommand(dragId, list.findIndex((c) => c.id === targetId));
    setDragId(null);
  };

  return (
    <section className={`quick-commands ${isOpen ? 'is-open' : ''}`} data-testid="quick-commands">
      <div className="quick-header">
        <button type="button" className="quick-toggle" data-testid="quick-commands-toggle" aria-expanded={isOpen} onClick={() => setOpen(!isOpen)}>
          {isOpen ? '▾' : '▸'} {t('quick.title', { n: list.length })}
        </button>
        {/* With none yet, the button's tooltip says what a quick command is: the log keeps the line a hint would take. */}
        <button type="button" data-testid="quick-command-add" title={list.length === 0 ? t('quick.empty') : t('quick.addHint')} onClick={startAdd}>
          {t('quick.add')}
        </button>
        <QuickCommandsMenu onNotice={setNotice} />
        {notice && (
          <span className={`quick-notice is-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="quick-notice" title={notice.text}>
            {notice.text}
            <button type="button" className="quick-notice-close" aria-label={t('quick.dismiss')} onClick={() => setNotice(null)}>
              ×
            </button>
          </span>
        )}
      </div>
      {isOpen && list.length > 0 && (
        <div className="quick-strip" role="toolbar" aria-label={t('quick.titlePlain')}>
          {groupsOf(list).map((group) => (
            <div className="quick-group" key={group} data-group={group}>
              {group && <span className="quick-group-name">{group}</span>}
              {list
                .filter((c) => c.group === group)
                .map((c) => (
                  <button
                    type="button"
                    key={c.id}
                    className={`quick-chip ${dragId === c.id ? 'is-dragging' : ''}`}
                    data-testid="quick-command"
                    data-name={c.name}
                    title={t('quick.chipHint', { name: c.name })}
                    draggable
                    onClick={() => void sendQuickCommand(c.id)}
                    onDoubleClick={() => setEditing({ kind: 'edit', command: c })}
                    onContextMenu={(e) => {
                      e.preventDefault();
                      setEditing({ kind: 'edit', command: c });
                    }}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, c.id);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragId(c.id);
                    }}
                    onDragOver={(e) => {
                      if (e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
                    }}
                    onDrop={(e) => {
                      e.preventDefault();
                      drop(c.id);
                    }}
                    onDragEnd={() => setDragId(null)}
                  >
                    <span className="quick-chip-name">{c.name}</span>
                    {c.hotkey && <kbd className="quick-chip-key">{c.hotkey}</kbd>}
                  </button>
                ))}
            </div>
          ))}
        </div>
      )}
      {editing && (
        <QuickCommandForm
          key={editing.kind === 'edit' ? editing.command.id : 'new'}
          initial={editing.kind === 'edit' ? editing.command : editing.draft}
          onCancel={() => setEditing(null)}
          onSave={(draft) => {
            if (editing.kind === 'edit') updateQuickCommand(editing.command.id, draft);
            else if (addQuickCommand(draft) === undefined) setNotice({ kind: 'error', text: t('quick.full', { n: 1 }) });
            setEditing(null);
          }}
          {...(editing.kind === 'edit'
            ? {
                onDelete: () => {
                  removeQuickCommand(editing.command.id);
                  setEditing(null);
                },
              }
            : {})}
        />
      )}
    </section>
  );
}
