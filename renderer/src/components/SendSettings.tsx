import { CHECKSUM_MODELS } from '@shared/codecs/checksum';
import { ENCODINGS } from '@shared/codecs/encoding-list';
import type { SendMode } from '@shared/contract/send-spec';
import { SETTINGS_LIMITS } from '@shared/contract/settings';
import type { HistoryItem } from '../store/tab-state';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { Checkbox, ModeRadios } from './Checkbox';
import { ChecksumControl } from './ChecksumControl';
import { EncodingSelect } from './EncodingSelect';
import { FileSendControl } from './FileSendControl';
import { GroupBox } from './GroupBox';
import { RepeatControl } from './RepeatControl';

/** Longest history entry shown in the drop-down, in characters. */
const HISTORY_LABEL_CHARS = 40;

/**
 * "[HEX +CRC-16/MODBUS] 01 03", "[ASCII GBK \\ CRLF] AT+GMR": the mode and the options that shape the bytes (an
 * encoding other than UTF-8, in ASCII mode; a checksum), then the start of the text.
 */
export function historyLabel(item: HistoryItem): string {
  const encoding = item.mode === 'ascii' && item.encoding !== 'utf-8' ? [ENCODINGS.find((e) => e.value === item.encoding)?.name ?? item.encoding] : [];
  const checksum = item.checksum ? [`+${CHECKSUM_MODELS[item.checksum.model]?.name ?? item.checksum.model}`] : [];
  const flags = [item.mode.toUpperCase(), ...encoding, ...(item.escapes ? ['\\'] : []), ...(item.appendCrlf ? ['CRLF'] : []), ...checksum].join(' ');
  const text = item.text.length > HISTORY_LABEL_CHARS ? `${item.text.slice(0, HISTORY_LABEL_CHARS)}…` : item.text;
  return `[${flags}] ${text}`;
}

export function SendSettings() {
  const t = useT();
  const sendMode = useTab((s) => s.sendMode);
  const escapes = useTab((s) => s.escapes);
  const appendCrlf = useTab((s) => s.appendCrlf);
  const sendEncoding = useTab((s) => s.sendEncoding);
  const setSendEncoding = useTab((s) => s.setSendEncoding);
  const history = useWorkspace((s) => s.history);
  const historySkipped = useWorkspace((s) => s.historySkipped);
  const setSendMode = useTab((s) => s.setSendMode);
  const setEscapes = useTab((s) => s.setEscapes);
  const setAppendCrlf = useTab((s) => s.setAppendCrlf);
  const pickHistory = useTab((s) => s.pickHistory);

  return (
    <GroupBox title={t('group.send')} className="send-settings">
      <ModeRadios<SendMode>
        name="send-mode"
        label={t('send.modeLabel')}
        value={sendMode}
        onChange={setSendMode}
        options={[
          { value: 'ascii', label: t('send.ascii'), testId: 'send-ascii' },
          { value: 'hex', label: t('send.hex'), testId: 'send-hex' },
        ]}
      />
      <EncodingSelect testId="send-encoding" label={t('send.encoding')} title={t('send.encodingTitle')} value={sendEncoding} onChange={setSendEncoding} />
      <Checkbox testId="send-escapes" label={t('send.escapes')} title={t('send.escapesHint')} checked={escapes} onChange={setEscapes} />
      <Checkbox testId="send-crlf" label={t('send.crlf')} title={t('send.crlfHint')} checked={appendCrlf} onChange={setAppendCrlf} />
      <ChecksumControl />
      <RepeatControl />
      <FileSendControl />
      <label className="field is-inline">
        <span className="field-label">{t('send.history')}</span>
        <select
          data-testid="send-history"
          value=""
          disabled={history.length === 0}
          onChange={(e) => {
            const item = history[Number(e.target.value)];
            if (item) pickHistory(item);
          }}
        >
          <option value="" disabled>
            {history.length === 0 ? t('send.historyEmpty') : t('send.historyPick')}
          </option>
          {history.map((h, i) => (
            <option key={i} value={i}>
              {historyLabel(h)}
            </option>
          ))}
        </select>
      </label>
      {historySkipped !== null && (
        <span className="field-note" data-testid="history-skipped">
          {t('send.historySkipped', { chars: historySkipped, max: SETTINGS_LIMITS.historyItemChars })}
        </span>
      )}
    </GroupBox>
  );
}
