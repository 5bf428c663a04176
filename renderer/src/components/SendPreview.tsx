import { useEffect, useMemo, useState } from 'react';
import { localizeError } from '../i18n/localize-error';
import { useLang, useT } from '../i18n/lang-store';
import { browserRandom } from '../send/browser-random';
import { PREVIEW_BYTES, previewSend, type SendPreview as Preview } from '../send/send-preview';
import { sendSpecOf } from '../store/send-request';
import { useTab } from '../store/tab-context';

/** Re-renders once a second while `isActive`: a preview with a time field follows the clock. */
function useSecondTick(isActive: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [isActive]);
  return tick;
}

/**
 * The preview of the next send, made by the codec the send and the engine's cyclic send use. One selector per
 * input: a selector building a new object would re-render the send area on every traffic batch.
 */
export function usePreview(): Preview {
  const sendInput = useTab((s) => s.sendInput);
  const sendMode = useTab((s) => s.sendMode);
  const escapes = useTab((s) => s.escapes);
  const appendCrlf = useTab((s) => s.appendCrlf);
  const sendEncoding = useTab((s) => s.sendEncoding);
  const checksumModel = useTab((s) => s.checksumModel);
  const checksumOrder = useTab((s) => s.checksumOrder);
  const checksumOutput = useTab((s) => s.checksumOutput);
  const checksumSkipStart = useTab((s) => s.checksumSkipStart);
  const checksumSkipEnd = useTab((s) => s.checksumSkipEnd);
  const sendIndex = useTab((s) => s.sendIndex);
  const isRepeat = useTab((s) => s.repeatEnabled);
  const tick = useSecondTick(/\{\{\s*time/i.test(sendInput));
  return useMemo(() => {
    const spec = sendSpecOf({ sendInput, sendMode, escapes, appendCrlf, sendEncoding, checksumModel, checksumOrder, checksumOutput, checksumSkipStart, checksumSkipEnd });
    // A cyclic send counts from #0 in the engine; a single send uses the tab's counter. `tick` only refreshes the time.
    return previewSend(spec, { sendIndex: isRepeat ? 0 : sendIndex, now: Date.now(), random: browserRandom });
  }, [sendInput, sendMode, escapes, appendCrlf, sendEncoding, checksumModel, checksumOrder, checksumOutput, checksumSkipStart, checksumSkipEnd, sendIndex, isRepeat, tick]);
}

/**
 * The line under the send box: the exact bytes of the next send (HEX and count) and its number #n, or what is
 * wrong with the text, with its position.
 */
export function SendPreview({ preview }: { readonly preview: Preview }) {
  const t = useT();
  const lang = useLang();
  const isRepeat = useTab((s) => s.repeatEnabled);
  const sendIndex = useTab((s) => s.sendIndex);
  const resetSendIndex = useTab((s) => s.resetSendIndex);
  const sendError = useTab((s) => s.fieldErrors.data);
  if (preview.kind === 'empty') return null;
  if (preview.kind === 'error') {
    // A send just refused for this same reason shows it under the box (the app's error message): not twice.
    if (sendError && localizeError(sendError, lang) === localizeError(preview.error, lang)) return null;
    return (
      <div className="send-preview is-error" data-testid="send-preview" data-state="error" data-index={preview.sendIndex} role="status">
        {localizeError(preview.error, lang)}
      </div>
    );
  }
  const label = t(isRepeat ? 'send.previewRepeat' : 'send.preview', { index: preview.sendIndex, count: preview.count });
  return (
    <div className="send-preview" data-testid="send-preview" data-state="bytes" data-index={preview.sendIndex} data-count={preview.count} aria-label={t('send.previewLabel')}>
      <span className="send-preview-count">{label}</span>
      {!isRepeat && sendIndex > 0 && (
        <button type="button" className="link-button send-index-reset" data-testid="send-index-reset" title={t('send.previewReset')} onClick={resetSendIndex}>
          ↺
        </button>
      )}
      <span className="send-preview-hex" data-testid="send-preview-hex" title={preview.hex}>
        {preview.hex}
        {preview.isTruncated ? t('send.previewTruncated', { count: preview.count - PREVIEW_BYTES }) : ''}
      </span>
      {preview.isExample && <span className="send-preview-note">{t('send.previewExample')}</span>}
    </div>
  );
}
