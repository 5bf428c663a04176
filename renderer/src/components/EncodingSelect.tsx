import { ENCODINGS, isEncoding, type TextEncoding } from '@shared/codecs/encoding-list';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';

/** 编码: a select of the text encodings (WHATWG labels as values, their usual names shown). */
export function EncodingSelect({
  testId,
  label,
  title,
  value,
  onChange,
  isCompact = false,
}: {
  readonly testId: string;
  readonly label: string;
  readonly title: string;
  readonly value: TextEncoding;
  readonly onChange: (encoding: TextEncoding) => void;
  /** Just the select (its label as its accessible name and title), to sit beside other controls on one row. */
  readonly isCompact?: boolean;
}) {
  return (
    <label className={isCompact ? 'encoding-compact' : 'field is-inline'} title={title}>
      {!isCompact && <span className="field-label">{label}</span>}
      <select
        data-testid={testId}
        aria-label={isCompact ? label : undefined}
        value={value}
        onChange={(e) => {
          if (isEncoding(e.target.value)) onChange(e.target.value);
        }}
      >
        {ENCODINGS.map((encoding) => (
          <option key={encoding.value} value={encoding.value}>
            {encoding.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The receive side's encoding: how the ASCII view reads received bytes (the log's display decides what it does with it). */
export function RecvEncodingSelect() {
  const t = useT();
  const value = useTab((s) => s.recvEncoding);
  const setRecvEncoding = useTab((s) => s.setRecvEncoding);
  return <EncodingSelect testId="recv-encoding" label={t('recv.encoding')} title={t('recv.encodingTitle')} value={value} onChange={setRecvEncoding} />;
}
