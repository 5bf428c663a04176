import { useState } from 'react';
import type { SendChecksum } from '@shared/contract/send-spec';
import { useT } from '../i18n/lang-store';
import type { MessageKey } from '../i18n/i18n';
import { CHECKSUM_GROUPS, NO_CHECKSUM } from '../send/checksum-choices';
import { useTab } from '../store/tab-context';

const GROUP_LABELS: Readonly<Record<(typeof CHECKSUM_GROUPS)[number]['group'], MessageKey>> = {
  common: 'send.checksumGroup.common',
  sums: 'send.checksumGroup.sums',
  crc8: 'send.checksumGroup.crc8',
  crc16: 'send.checksumGroup.crc16',
  crc32: 'send.checksumGroup.crc32',
  otherCrc: 'send.checksumGroup.otherCrc',
};

/**
 * 自动发送附加位: the model on one row; once one is chosen, its byte order and "⋯" on the next, with the range
 * and output form behind "⋯" in a compact row (inline, not floating: the settings column scrolls, and would clip
 * a popover). The checksum goes after the data and before CR LF.
 */
export function ChecksumControl() {
  const t = useT();
  const model = useTab((s) => s.checksumModel);
  const setModel = useTab((s) => s.setChecksumModel);
  const [isOpen, setOpen] = useState(false);
  const isOff = model === NO_CHECKSUM;

  return (
    <div className="checksum">
      <label className="field is-inline" title={t('send.checksumTitle')}>
        <span className="field-label">{t('send.checksum')}</span>
        <select data-testid="checksum" value={model} onChange={(e) => setModel(e.target.value)}>
          <option value={NO_CHECKSUM}>{t('send.checksumNone')}</option>
          {CHECKSUM_GROUPS.map((group) => (
            <optgroup key={group.group} label={t(GROUP_LABELS[group.group])}>
              {group.choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {!isOff && <ChecksumOrderRow isOpen={isOpen} onToggle={() => setOpen(!isOpen)} />}
      {!isOff && isOpen && <ChecksumOptions />}
    </div>
  );
}

function ChecksumOrderRow({ isOpen, onToggle }: { readonly isOpen: boolean; readonly onToggle: () => void }) {
  const t = useT();
  const order = useTab((s) => s.checksumOrder);
  const output = useTab((s) => s.checksumOutput);
  const skipStart = useTab((s) => s.checksumSkipStart);
  const skipEnd = useTab((s) => s.checksumSkipEnd);
  const setOrder = useTab((s) => s.setChecksumOrder);
  // What "⋯" hides, when it is not the default: the row says it without being opened.
  const summary = [
    ...(skipStart > 0 || skipEnd > 0 ? [t('send.checksumSkipSummary', { start: skipStart, end: skipEnd })] : []),
    ...(output === 'ascii-hex' ? [t('send.checksumOutput.ascii-hex')] : []),
  ].join(' · ');
  return (
    <div className="checksum-order-row">
      <select
        data-testid="checksum-order"
        aria-label={t('send.checksumOrder')}
        title={t(order === 'le' ? 'send.checksumOrder.leTitle' : 'send.checksumOrder.beTitle')}
        value={order}
        onChange={(e) => setOrder(e.target.value === 'be' ? 'be' : 'le')}
      >
        <option value="le">{t('send.checksumOrder.le')}</option>
        <option value="be">{t('send.checksumOrder.be')}</option>
      </select>
      <span className="checksum-summary" data-testid="checksum-summary">
        {summary}
      </span>
      <button type="button" className="checksum-more" data-testid="checksum-more" aria-expanded={isOpen} title={t('send.checksumMore')} onClick={onToggle}>
        ⋯
      </button>
    </div>
  );
}

function ChecksumOptions() {
  const t = useT();
  const output = useTab((s) => s.checksumOutput);
  const skipStart = useTab((s) => s.checksumSkipStart);
  const skipEnd = useTab((s) => s.checksumSkipEnd);
  const setOutput = useTab((s) => s.setChecksumOutput);
  const setSkip = useTab((s) => s.setChecksumSkip);
  const outputs: ReadonlyArray<SendChecksum['output']> = ['raw', 'ascii-hex'];
  return (
    <div className="checksum-options" role="group" aria-label={t('send.checksumMore')} data-testid="checksum-options">
      <label className="checksum-option" title={t('send.checksumOutputTitle')}>
        <span className="field-label">{t('send.checksumOutput')}</span>
        <select data-testid="checksum-output" value={output} onChange={(e) => setOutput(e.target.value === 'ascii-hex' ? 'ascii-hex' : 'raw')}>
          {outputs.map((value) => (
            <option key={value} value={value}>
              {t(value === 'raw' ? 'send.checksumOutput.raw' : 'send.checksumOutput.ascii-hex')}
            </option>
          ))}
        </select>
      </label>
      <span className="checksum-option" title={t('send.checksumSkipTitle')}>
        <span className="field-label">{t('send.checksumSkip')}</span>
        <SkipInput testId="checksum-skip-start" label={t('send.checksumSkipStart')} value={skipStart} onChange={(start) => setSkip({ start })} />
        <span aria-hidden="true">+</span>
        <SkipInput testId="checksum-skip-end" label={t('send.checksumSkipEnd')} value={skipEnd} onChange={(end) => setSkip({ end })} />
      </span>
    </div>
  );
}

function SkipInput({ testId, label, value, onChange }: { readonly testId: string; readonly label: string; readonly value: number; readonly onChange: (n: number) => void }) {
  return (
    <input
      type="number"
      min={0}
      step={1}
      inputMode="numeric"
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value === '' ? 0 : Number(e.target.value))}
    />
  );
}
