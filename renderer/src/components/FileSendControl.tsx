import { useMemo } from 'react';
import type { Translate } from '../i18n/i18n';
import { useT } from '../i18n/lang-store';
import type { FileSendProgress } from '../store/app-state';
import { useApp } from '../store/store-context';
import { examplePath } from './example-path';
import { FieldError, useHasError } from './FieldError';

/** 打开文件数据源: a host path, 发送文件 / 取消, and the engine's progress. */
export function FileSendControl() {
  const t = useT();
  const path = useApp((s) => s.sendFilePath);
  const isSending = useApp((s) => s.isFileSending);
  const progress = useApp((s) => s.fileSend);
  const setSendFilePath = useApp((s) => s.setSendFilePath);
  const sendFile = useApp((s) => s.sendFile);
  const cancelSendFile = useApp((s) => s.cancelSendFile);
  const pathInvalid = useHasError('sendFilePath');
  const example = useMemo(() => examplePath('send'), []);

  return (
    <div className="task">
      <label className="field">
        <span className="field-label">{t('send.file')}</span>
        <input
          data-testid="sendfile-path"
          aria-label={t('send.filePathLabel')}
          value={path}
          spellCheck={false}
          disabled={isSending}
          placeholder={t('send.filePlaceholder', { example })}
          title={path || undefined}
          aria-invalid={pathInvalid}
          onChange={(e) => setSendFilePath(e.target.value)}
        />
      </label>
      <FieldError slot="sendFilePath" />
      <div className="file-row">
        {isSending ? (
          <button type="button" data-testid="sendfile-cancel" onClick={() => void cancelSendFile()}>
            {t('send.fileCancel')}
          </button>
        ) : (
          <button type="button" data-testid="sendfile-button" onClick={() => void sendFile()}>
            {t('send.fileButton')}
          </button>
        )}
        {progress && <ProgressBar progress={progress} t={t} />}
      </div>
      {progress && <ProgressText progress={progress} isSending={isSending} t={t} />}
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

function ProgressBar({ progress, t }: { readonly progress: FileSendProgress; readonly t: Translate }) {
  const percent = percentOf(progress);
  return (
    <span className="file-progress">
      <progress data-testid="sendfile-progress" aria-label={t('send.fileProgressLabel')} max={100} value={percent} data-bytes={progress.bytesSent} data-total={progress.totalBytes} />
      <span className="file-percent" data-testid="sendfile-percent">{`${percent}%`}</span>
    </span>
  );
}

function ProgressText({ progress, isSending, t }: { readonly progress: FileSendProgress; readonly isSending: boolean; readonly t: Translate }) {
  const phase = phaseOf(progress, isSending);
  const sent = progress.bytesSent;
  const total = progress.totalBytes;
  let text: string;
  if (phase === 'sending') text = total === 0 && sent === 0 ? t('send.fileStarting') : t('send.fileProgress', { sent, total });
  else if (phase === 'done') text = t('send.fileDone', { sent });
  else if (phase === 'cancelled') text = t('send.fileCancelled', { sent, total });
  else text = t('send.fileFailed', { sent, total });
  return (
    <div className={`task-status phase-${phase}`} data-testid="sendfile-status" data-state={phase} title={progress.path}>
      {text}
    </div>
  );
}
