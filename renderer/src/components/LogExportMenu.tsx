import { useEffect, useRef, useState } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { useT } from '../i18n/lang-store';
import { encodeCsv } from '../log/export/csv-export';
import { viewRows, type ExportProgress } from '../log/export/export-rows';
import { encodeJsonLines } from '../log/export/jsonl-export';
import { encodePcap } from '../log/export/pcap-export';
import { exportFileName, saveExport } from '../log/export/save-export';
import { encodeText } from '../log/export/text-export';
import type { LogView } from '../log/log-view';
import type { RowLook } from '../log/row-text';
import { useTab } from '../store/tab-context';
import type { PaneNotice } from './LogPane';

type ExportKind = 'text' | 'csv' | 'jsonl' | 'pcap';

const FILES: Readonly<Record<ExportKind, { readonly extension: string; readonly type: string }>> = {
  text: { extension: 'txt', type: 'text/plain;charset=utf-8' },
  csv: { extension: 'csv', type: 'text/csv;charset=utf-8' },
  jsonl: { extension: 'jsonl', type: 'application/x-ndjson' },
  pcap: { extension: 'pcap', type: 'application/vnd.tcpdump.pcap' },
};

/**
 * 导出: the rows of the current view (filters and "only matching rows" apply, as the menu says) as text as shown,
 * CSV, JSON Lines or pcap. The file is built piece by piece while the page keeps running, then downloaded.
 */
export function LogExportMenu({ view, look, onNotice }: { readonly view: LogView; readonly look: RowLook; readonly onNotice: (notice: PaneNotice) => void }) {
  const t = useT();
  const protocol = useTab((s) => s.sessionProtocol ?? s.protocol);
  const local = useTab((s) => s.local);
  const relayTransport = useTab((s) => s.relayTransport);
  const [isOpen, setOpen] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const close = (event: Event): void => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [isOpen]);

  const run = async (kind: ExportKind): Promise<void> => {
    setOpen(false);
    const progress: ExportProgress = { done: 0, total: view.size };
    const rows = viewRows(view, progress);
    const pieces =
      kind === 'text' ? encodeText(rows, look) : kind === 'csv' ? encodeCsv(rows, look.lang) : kind === 'jsonl' ? encodeJsonLines(rows) : encodePcap(rows, { protocol, local, relayTransport });
    const file = exportFileName(protocol, local?.port, FILES[kind].extension);
    setPercent(0);
    try {
      await saveExport(pieces, file, FILES[kind].type, progress, (done, total) => setPercent(total > 0 ? Math.floor((100 * done) / total) : 100));
      onNotice({ kind: 'ok', text: t('export.done', { file }) });
    } catch (error) {
      onNotice({ kind: 'error', text: t('export.failed', { reason: error instanceof Error ? error.message : String(error) }) });
    } finally {
      setPercent(null);
    }
  };

  const item = (kind: ExportKind, label: string, title?: string) => (
    <button type="button" role="menuitem" data-testid={`log-export-${kind}`} title={title} onClick={() => void run(kind)}>
      {label}
    </button>
  );

  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        data-testid="log-export"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        title={t('export.title')}
        disabled={percent !== null || view.size === 0}
        onClick={() => setOpen(!isOpen)}
      >
        {percent === null ? t('export.button') : t('export.progress', { percent })}
      </button>
      {isOpen && (
        <div className="export-popup" role="menu" aria-label={t('export.title')}>
          <div className="export-scope" data-testid="log-export-scope">
            {t('export.scope', { count: view.size })}
          </div>
          {item('text', t('export.text'))}
          {item('csv', t('export.csv'))}
          {item('jsonl', t('export.jsonl'))}
          {item('pcap', t('export.pcap'), t('export.pcapTitle', { local: local ? formatEndpoint(local) : '0.0.0.0:0', protocol: t(`protocol.${protocol}`) }))}
        </div>
      )}
    </div>
  );
}
