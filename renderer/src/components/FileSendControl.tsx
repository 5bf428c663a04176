import { useMemo } from 'react';
import type { Translate } from '../i18n/i18n';
import { useT } from '../i18n/lang-store';
import type { FileSendProgress } from '../store/tab-state';
import { useTab } from '../store/tab-context';
import { examplePath } from './example-path';
import { FieldError, useHasError } from './FieldError';
import { HostPathField } from './HostPathField';
import { PathDialog } from './PathDialog';

/** 打开文件数据源: a host path, 发送文件 / 取消, and the engine's progress. */
export function FileSendControl() {
  const t = useT();
  const path = useTab((s) => s.sendFilePath);
  const isSending = useTab((s) => s.isFileSending);
  const progress = useTab((s) => s.fileSend);
  const setSendFilePath = useTab((s) => s.setSendFilePath);
  const browseSendFilePath = useTab((s) => s.browseSendFilePath);
  const sendFile = useTab((s) => s.sendFile);
  const cancelSendFile = useTab((s) => s.cancelSendFile);
  const pathInvalid = useHasError('sendFilePath');
  const example = useMemo(() => examplePath('send'), []);

  return (
    <div className="task">
      <span className="field-label">{t('send.file')}</span>
      <HostPathField
        testId="sendfile-path"
        browseTestId="sendfile-browse"
        label={t('send.filePathLabel')}
        hint={t('send.filePathHint')}
        browseTitle={t('path.browseSend')}
        value={path}
        placeholder={example}
        disabled={isSending}
        invalid={pathInvalid}
        onChange={setSendFilePath}
        onBrowse={() => void browseSendFilePath()}
      >
        {isSending ? (
          <button type="button" data-testid="sendfile-cancel" onClick={() => void cancelSendFile()}>
            {t('send.fileCancel')}
          </button>
        ) : (
          <button type="button" data-testid="sendfile-button" onClick={() => void sendFile()}>
            {t('send.fileButton')}
          </button>
        )}
      </HostPathField>
      <FieldError slot="sendFilePath" />
      <PathDialog purpose="sendFile" />
      {progress && <Progress progress={progress} isSending={isSending} t={t} />}
    </div>
  );
}

type Phase = 'sending' | 'done' | 'cancelled' | 'failed';

function phaseOf(p: FileSendProgress, isSending: boolean): Phase {
  if (isSending || !p.done) return 'sending';
  if (p.cancelled) return 'cancelled';
  return p.bytesSent >= p.totalBytes ? 'done' : 'failed';
}

/** Whole percent, rounded down so 100 % means every byte went out; an empty file is done at once. */
function percentOf(p: FileSendProgress): number {
  if (p.totalBytes === 0) return p.done ? 100 : 0;
  return Math.floor((p.bytesSent / p.totalBytes) * 100);
}

/** 1536 → "1.5 KiB": short enough for the narrow column; the exact count is in the tooltip and data-bytes. */
function shortBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** One line: the bar, then "3.0 MiB / 64 MiB · 4%" (or how it ended); exact bytes in the tooltip. */
function Progress({ progress, isSending, t }: { readonly progress: FileSendProgress; readonly isSending: boolean; readonly t: Translate }) {
  const phase = phaseOf(progress, isSending);
  const percent = percentOf(progress);
  const sent = progress.bytesSent;
  const total = progress.totalBytes;
  let text: string;
  if (phase === 'sending') text = total === 0 && sent === 0 ? t('send.fileStarting') : `${shortBytes(sent)} / ${shortBytes(total)}`;
  else if (phase === 'done') text = t('send.fileDone', { size: shortBytes(sent) });
  else if (phase === 'cancelled') text = t('send.fileCancelled');
  else text = t('send.fileFailed');
  return (
    <div className={`file-progress phase-${phase}`} data-testid="sendfile-status" data-state={phase} title={`${progress.path}\n${t('send.fileProgress', { sent, total })}`}>
      <progress data-testid="sendfile-progress" aria-label={t('send.fileProgressLabel')} max={100} value={percent} data-bytes={sent} data-total={total} />
      <span className="file-progress-text">{text}</span>
      <span className="file-percent" data-testid="sendfile-percent">{`${percent}%`}</span>
    </div>
  );
}
