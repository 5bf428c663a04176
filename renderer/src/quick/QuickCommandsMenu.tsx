import { useRef, useState } from 'react';
import { useLang, useT } from '../i18n/lang-store';
import { useWorkspace } from '../workspace/workspace-context';
import { parsePacketSenderIni } from './packet-sender-ini';
import { exportQuickCommands } from './quick-file-format';
import { packetSenderReport, quickFileErrorText } from './quick-import-text';

export interface QuickNotice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

type ImportKind = 'json' | 'packetSender';

/** ⋯ menu of the strip: export our JSON, import it back, or import Packet Sender's packets.ini. */
export function QuickCommandsMenu({ onNotice }: { readonly onNotice: (notice: QuickNotice) => void }) {
  const t = useT();
  const lang = useLang();
  const list = useWorkspace((s) => s.quickCommands);
  const importQuickCommands = useWorkspace((s) => s.importQuickCommands);
  const [isOpen, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const kind = useRef<ImportKind>('json');

  const exportFile = (): void => {
    setOpen(false);
    const url = URL.createObjectURL(new Blob([exportQuickCommands(list)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'socketdesk-quick-commands.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    onNotice({ kind: 'ok', text: t('quick.exported', { n: list.length }) });
  };

  const pick = (which: ImportKind): void => {
    setOpen(false);
    kind.current = which;
    input.current?.click();
  };

  const read = async (file: File): Promise<void> => {
    const text = await file.text();
    if (kind.current === 'packetSender') {
      const result = parsePacketSenderIni(text);
      if (!result) return onNotice({ kind: 'error', text: t('quick.ps.notIni') });
      const dropped = importQuickCommands(result.commands);
      return onNotice({ kind: result.commands.length > 0 ? 'ok' : 'error', text: packetSenderReport(t, lang, result, dropped) });
    }
    // Loaded on first use: checking the file's entries needs the schemas (zod), which the page does not load at start.
    const { parseQuickFile } = await import('./quick-file');
    const parsed = parseQuickFile(text);
    if (!parsed.ok) return onNotice({ kind: 'error', text: quickFileErrorText(t, parsed.error) });
    const dropped = importQuickCommands(parsed.commands);
    onNotice({ kind: 'ok', text: [t('quick.imported', { n: parsed.commands.length - dropped }), ...(dropped > 0 ? [t('quick.full', { n: dropped })] : [])].join(' ') });
  };

  return (
    <div className="quick-menu">
      <button type="button" data-testid="quick-commands-menu" aria-haspopup="menu" aria-expanded={isOpen} title={t('quick.menu')} onClick={() => setOpen(!isOpen)}>
        ⋯
      </button>
      {isOpen && (
        <div className="quick-menu-list" role="menu" onMouseLeave={() => setOpen(false)}>
          <button type="button" role="menuitem" data-testid="quick-export" disabled={list.length === 0} onClick={exportFile}>
            {t('quick.export')}
          </button>
          <button type="button" role="menuitem" data-testid="quick-import" onClick={() => pick('json')}>
            {t('quick.import')}
          </button>
          <button type="button" role="menuitem" data-testid="quick-import-packet-sender" onClick={() => pick('packetSender')}>
            {t('quick.importPacketSender')}
          </button>
        </div>
      )}
      <input
        ref={input}
        type="file"
        hidden
        data-testid="quick-import-file"
        aria-label={t('quick.importFile')}
        accept=".json,.ini,application/json,text/plain"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void read(file);
        }}
      />
    </div>
  );
}
