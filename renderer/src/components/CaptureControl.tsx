import { useMemo } from 'react';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { Checkbox } from './Checkbox';
import { examplePath } from './example-path';
import { FieldError, useHasError } from './FieldError';
import { HostPathField } from './HostPathField';
import { PathDialog } from './PathDialog';

/** 接收保存到文件: the checkbox, the host path (fixed while checked), and the bytes the engine has written. */
export function CaptureControl() {
  const t = useT();
  const isEnabled = useTab((s) => s.captureEnabled);
  const path = useTab((s) => s.capturePath);
  const isActive = useTab((s) => s.capture?.active === true);
  const bytes = useTab((s) => s.capture?.bytes);
  const pending = useTab((s) => s.capture?.pendingBytes ?? 0);
  const setCaptureEnabled = useTab((s) => s.setCaptureEnabled);
  const setCapturePath = useTab((s) => s.setCapturePath);
  const browseCapturePath = useTab((s) => s.browseCapturePath);
  const pathInvalid = useHasError('capturePath');
  const example = useMemo(() => examplePath('capture'), []);
  // A relay captures its client → server leg: what the clients sent, as forwarded (shared/contract/relay.ts).
  const isRelay = useTab((s) => s.protocol === 'relay');
  const hint = t(isRelay ? 'relay.captureHint' : 'recv.captureHint');

  let status: string | null = null;
  if (isActive && bytes !== undefined) status = t('recv.captureWritten', { bytes }) + (pending > 0 ? t('recv.capturePending', { bytes: pending }) : '');
  else if (bytes !== undefined) status = t('recv.captureStopped', { bytes });
  else if (isEnabled) status = t('recv.captureWaiting');

  return (
    <div className="task">
      <Checkbox testId="capture-enabled" label={t('recv.capture')} title={hint} checked={isEnabled} onChange={(on) => void setCaptureEnabled(on)} />
      <HostPathField
        testId="capture-path"
        browseTestId="capture-browse"
        label={t('recv.capturePathLabel')}
        hint={hint}
        browseTitle={t('path.browseCapture')}
        value={path}
        placeholder={example}
        disabled={isEnabled}
        invalid={pathInvalid}
        onChange={setCapturePath}
        onBrowse={() => void browseCapturePath()}
      />
      <FieldError slot="capturePath" />
      <PathDialog purpose="capture" />
      {status && (
        <div className={`task-status ${isActive ? 'is-running' : ''}`} data-testid="capture-bytes" data-bytes={bytes ?? 0} data-active={isActive}>
          {status}
        </div>
      )}
    </div>
  );
}
