import type { SendMode } from '@shared/contract/send-spec';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { Checkbox, ModeRadios } from './Checkbox';
import { ChecksumControl } from './ChecksumControl';
import { EncodingSelect } from './EncodingSelect';
import { FileSendControl } from './FileSendControl';
import { GroupBox } from './GroupBox';
import { RepeatControl } from './RepeatControl';

export function SendSettings() {
  const t = useT();
  const sendMode = useTab((s) => s.sendMode);
  const escapes = useTab((s) => s.escapes);
  const appendCrlf = useTab((s) => s.appendCrlf);
  const clearAfterSend = useTab((s) => s.clearAfterSend);
  const sendEncoding = useTab((s) => s.sendEncoding);
  const setSendEncoding = useTab((s) => s.setSendEncoding);
  const setSendMode = useTab((s) => s.setSendMode);
  const setEscapes = useTab((s) => s.setEscapes);
  const setAppendCrlf = useTab((s) => s.setAppendCrlf);
  const setClearAfterSend = useTab((s) => s.setClearAfterSend);

  return (
    <GroupBox title={t('group.send')} className="send-settings">
      {/* The encoding beside the mode: it is what ASCII mode means, and the column keeps its height. */}
      <div className="send-mode-row">
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
        <EncodingSelect testId="send-encoding" label={t('send.encoding')} title={t('send.encodingTitle')} value={sendEncoding} onChange={setSendEncoding} isCompact />
      </div>
      <Checkbox testId="send-escapes" label={t('send.escapes')} title={t('send.escapesHint')} checked={escapes} onChange={setEscapes} />
      <Checkbox testId="send-crlf" label={t('send.crlf')} title={t('send.crlfHint')} checked={appendCrlf} onChange={setAppendCrlf} />
      <Checkbox testId="send-clear-after" label={t('send.clearAfter')} title={t('send.clearAfterHint')} checked={clearAfterSend} onChange={setClearAfterSend} />
      <ChecksumControl />
      <RepeatControl />
      <FileSendControl />
    </GroupBox>
  );
}
