import { formatEndpoint } from '@shared/contract/endpoint';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { ErrorLine } from './ErrorLine';
import { FieldError, useHasError } from './FieldError';
import { ClientTargetPicker } from './ClientTargetPicker';
import { RelaySendTarget } from './RelaySendTarget';
import { SendHistory } from './SendHistory';
import { SendPreview, usePreview } from './SendPreview';

/** Right bottom: where to send (UDP remote / server client), the send box, 发送 / 清除, and the error line. */
export function SendArea() {
  const t = useT();
  const sendInput = useTab((s) => s.sendInput);
  const sendMode = useTab((s) => s.sendMode);
  const setSendInput = useTab((s) => s.setSendInput);
  const clearSendInput = useTab((s) => s.clearSendInput);
  const pressSend = useTab((s) => s.pressSend);
  const isRepeating = useTab((s) => s.repeat?.running === true);
  const isRepeatStarting = useTab((s) => s.isRepeatStarting);
  const preview = usePreview();
  const dataInvalid = useHasError('data') || preview.kind === 'error';

  return (
    <section className="send-area">
      <div className="send-top">
        <SendTarget />
        <SendHistory />
      </div>
      <div className="send-row">
        <div className="send-box">
          <textarea
            data-testid="send-input"
            aria-label={t('send.inputLabel')}
            value={sendInput}
            spellCheck={false}
            aria-invalid={dataInvalid}
            placeholder={t(sendMode === 'hex' ? 'send.placeholderHex' : 'send.placeholder')}
            title={t('send.templateHelp')}
            onChange={(e) => setSendInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void pressSend();
              }
            }}
          />
          <SendPreview preview={preview} />
          <FieldError slot="data" />
        </div>
        <div className="send-buttons">
          <button
            type="button"
            className={`primary ${isRepeating ? 'is-repeating' : ''}`}
            data-testid="send-button"
            data-state={isRepeating ? 'repeating' : 'idle'}
            disabled={isRepeatStarting}
            onClick={() => void pressSend()}
          >
            {t(isRepeating ? 'send.stop' : 'send.button')}
          </button>
          <button type="button" data-testid="send-clear" onClick={clearSendInput}>
            {t('send.clear')}
          </button>
        </div>
      </div>
      <FieldError slot="send" />
      <ErrorLine />
    </section>
  );
}

function SendTarget() {
  const t = useT();
  // The protocol select is locked while a session is open, so the form's protocol is the session's.
  const protocol = useTab((s) => s.protocol);
  const udpTarget = useTab((s) => s.udpTarget);
  const remote = useTab((s) => s.remote);
  const sessionState = useTab((s) => s.sessionState);
  const setUdpTarget = useTab((s) => s.setUdpTarget);
  const targetInvalid = useHasError('sendTarget');

  if (protocol === 'relay') return <RelaySendTarget />;
  if (protocol === 'udp') {
    return (
      <div className="target-row">
        <label className="inline-field">
          <span>{t('target.remote')}</span>
          <input
            data-testid="send-target"
            value={udpTarget}
            spellCheck={false}
            placeholder={t('target.remotePlaceholder')}
            aria-invalid={targetInvalid}
            onChange={(e) => setUdpTarget(e.target.value)}
          />
        </label>
        <FieldError slot="sendTarget" />
      </div>
    );
  }
  if (protocol === 'tcp-server') {
    return (
      <div className="target-row">
        <ClientTargetPicker label={t('target.client')} closeLabel={t('target.kick')} closeTitle={t('target.kickTitle')} />
      </div>
    );
  }
  return (
    <div className="target-row">
      <span className="inline-field">
        <span>{t('target.remote')}</span>
        <span className="target-fixed">{remote && sessionState === 'open' ? formatEndpoint(remote) : '—'}</span>
      </span>
    </div>
  );
}
