import { useState, type ReactNode } from 'react';
import { FRAMING_KINDS, type FramingKind } from '@shared/codecs/framing/spec';
import { framingFieldOf } from '../i18n/framing-errors';
import { useT } from '../i18n/lang-store';
import type { FramingForm } from '../store/framing-form';
import { useTab } from '../store/tab-context';
import { FieldError } from './FieldError';

/** The kinds whose messages have a maximum size the user may set (fixed: the size box is the size itself). */
const HAS_MAX: ReadonlySet<FramingKind> = new Set(['delimiter', 'length', 'idle']);

/** The framing field the error by the controls names ('delimiter', 'size', …), to mark that control. */
function useFramingErrorField(): string | undefined {
  return useTab((s) => framingFieldOf(s.fieldErrors.framing?.params));
}

/**
 * 分帧 (TCP tabs only: a UDP datagram is one message already): how received bytes are cut into log rows. One row
 * (the kind) while framing is off; the chosen kind's options in a row or two under it, and the maximum message size
 * behind "⋯" (shown anyway once it is set or wrong), so the settings column stays short. Changes are checked as
 * typed (the sentence shows under the controls) and reach an open session once the controls rest or lose focus.
 */
export function FramingSettings() {
  const t = useT();
  // TCP client and server only: UDP datagrams are messages already, and a relay forwards bytes as they come.
  const isTcp = useTab((s) => {
    const protocol = s.sessionState === 'closed' ? s.protocol : (s.sessionProtocol ?? s.protocol);
    return protocol === 'tcp-client' || protocol === 'tcp-server';
  });
  const kind = useTab((s) => s.framingKind);
  const setFraming = useTab((s) => s.setFraming);
  const applyFraming = useTab((s) => s.applyFraming);
  const isOpen = useTab((s) => s.sessionState === 'open');
  const [isMoreOpen, setMoreOpen] = useState(false);
  const errorField = useFramingErrorField();
  const isMaxSet = useTab((s) => s.framingMaxSize.trim() !== '');
  if (!isTcp) return null;
  const showsMax = HAS_MAX.has(kind) && (isMoreOpen || isMaxSet || errorField === 'maxMessageBytes');
  const more = HAS_MAX.has(kind) ? <MoreButton isOpen={showsMax} onToggle={() => setMoreOpen(!showsMax)} /> : null;
  return (
    <div
      className="framing"
      onBlur={(event) => {
        // Focus moving from one framing control to another is still one edit: applying there would send every
        // half-made framing to the session (each flushes its buffered bytes and logs a row). Leaving the controls
        // applies it; so does a rest (framing-slice.ts).
        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
        void applyFraming();
      }}
    >
      <label className="field is-inline" title={isOpen ? `${t('framing.title')}. ${t('framing.liveNote')}` : t('framing.title')}>
        <span className="field-label">{t('framing.label')}</span>
        <select data-testid="framing" value={kind} onChange={(e) => setFraming({ framingKind: kindOf(e.target.value) })}>
          {FRAMING_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`framing.kind.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'delimiter' && <DelimiterRow more={more} />}
      {kind === 'fixed' && <SizeRow isFixed />}
      {kind === 'length' && <LengthRows more={more} />}
      {kind === 'idle' && <IdleRow more={more} />}
      {showsMax && <SizeRow isFixed={false} />}
      <FieldError slot="framing" />
    </div>
  );
}

const kindOf = (value: string): FramingKind => FRAMING_KINDS.find((kind) => kind === value) ?? 'none';

function Row({ children }: { readonly children: ReactNode }) {
  return <div className="framing-row">{children}</div>;
}

/** "⋯": shows or hides the maximum message size (framing-size for the kinds that have one). */
function MoreButton({ isOpen, onToggle }: { readonly isOpen: boolean; readonly onToggle: () => void }) {
  const t = useT();
  return (
    <button type="button" className="framing-more" data-testid="framing-more" aria-expanded={isOpen} title={t('framing.maxTitle')} onClick={onToggle}>
      ⋯
    </button>
  );
}

/** A short text box for a number, marked invalid when the error by the controls names `field`. */
function NumberBox({ testId, field, label, title, value, onChange, placeholder, isShort = false }: {
  readonly testId: string;
  readonly field: string;
  readonly label: string;
  readonly title: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly placeholder?: string;
  /** Two digits at most (the length field's offset). */
  readonly isShort?: boolean;
}) {
  const isInvalid = useFramingErrorField() === field;
  return (
    <label className={isShort ? 'framing-number is-short' : 'framing-number'} title={title}>
      <span className="field-label">{label}</span>
      <input data-testid={testId} inputMode="numeric" value={value} placeholder={placeholder} aria-invalid={isInvalid} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function DelimiterRow({ more }: { readonly more: ReactNode }) {
  const t = useT();
  const delimiter = useTab((s) => s.framingDelimiter);
  const mode = useTab((s) => s.framingDelimiterMode);
  const keep = useTab((s) => s.framingKeep);
  const setFraming = useTab((s) => s.setFraming);
  const setMode = useTab((s) => s.setFramingDelimiterMode);
  const isInvalid = useFramingErrorField() === 'delimiter';
  return (
    <Row>
      <input
        className="framing-delimiter"
        data-testid="framing-delimiter"
        aria-label={t('framing.delimiter')}
        title={t(mode === 'hex' ? 'framing.delimiterTitle.hex' : 'framing.delimiterTitle.text')}
        placeholder={mode === 'hex' ? '0D 0A' : '\\r\\n'}
        spellCheck={false}
        value={delimiter}
        aria-invalid={isInvalid}
        onChange={(e) => setFraming({ framingDelimiter: e.target.value })}
      />
      {/* A toggle, not a select: the delimiter box needs the room. It shows the mode in force. */}
      <button
        type="button"
        className="framing-mode"
        data-testid="framing-delimiter-mode"
        data-mode={mode}
        aria-pressed={mode === 'hex'}
        title={`${t('framing.mode')}: ${t(mode === 'hex' ? 'framing.mode.hex' : 'framing.mode.text')}`}
        onClick={() => setMode(mode === 'hex' ? 'text' : 'hex')}
      >
        {t(mode === 'hex' ? 'framing.mode.hex' : 'framing.mode.text')}
      </button>
      <select data-testid="framing-keep" aria-label={t('framing.keep')} title={t('framing.keep')} value={keep} onChange={(e) => setFraming({ framingKeep: e.target.value === 'keep' ? 'keep' : 'strip' })}>
        <option value="strip">{t('framing.keep.strip')}</option>
        <option value="keep">{t('framing.keep.keep')}</option>
      </select>
      {more}
    </Row>
  );
}

/** framing-size: the fixed size (fixed kind), or the maximum message size (the other kinds; empty = 1 MiB). */
function SizeRow({ isFixed }: { readonly isFixed: boolean }) {
  const t = useT();
  const value = useTab((s) => (isFixed ? s.framingFixedSize : s.framingMaxSize));
  const setFraming = useTab((s) => s.setFraming);
  const patch = (text: string): Partial<FramingForm> => (isFixed ? { framingFixedSize: text } : { framingMaxSize: text });
  return (
    <Row>
      <NumberBox
        testId="framing-size"
        field={isFixed ? 'size' : 'maxMessageBytes'}
        label={t(isFixed ? 'framing.size' : 'framing.max')}
        title={t(isFixed ? 'framing.sizeTitle' : 'framing.maxTitle')}
        value={value}
        placeholder={isFixed ? undefined : '1 MiB'}
        onChange={(text) => setFraming(patch(text))}
      />
      <span className="framing-unit">{t('framing.bytes')}</span>
    </Row>
  );
}

function LengthRows({ more }: { readonly more: ReactNode }) {
  const t = useT();
  const offset = useTab((s) => s.framingLengthOffset);
  const width = useTab((s) => s.framingLengthWidth);
  const order = useTab((s) => s.framingLengthOrder);
  const adjust = useTab((s) => s.framingLengthAdjust);
  const includesHeader = useTab((s) => s.framingLengthIncludesHeader);
  const setFraming = useTab((s) => s.setFraming);
  const widths: ReadonlyArray<FramingForm['framingLengthWidth']> = [1, 2, 4];
  return (
    <>
      <Row>
        <NumberBox isShort testId="framing-length-offset" field="offset" label={t('framing.offset')} title={t('framing.offsetTitle')} value={offset} onChange={(text) => setFraming({ framingLengthOffset: text })} />
        <select
          data-testid="framing-length-width"
          aria-label={t('framing.width')}
          title={t('framing.width')}
          value={width}
          onChange={(e) => setFraming({ framingLengthWidth: widths.find((w) => w === Number(e.target.value)) ?? 2 })}
        >
          {widths.map((w) => (
            <option key={w} value={w}>
              {t('framing.widthOption', { width: w })}
            </option>
          ))}
        </select>
        <select
          data-testid="framing-length-order"
          aria-label={t('framing.order')}
          title={t(order === 'be' ? 'framing.order.be' : 'framing.order.le')}
          value={order}
          onChange={(e) => setFraming({ framingLengthOrder: e.target.value === 'le' ? 'le' : 'be' })}
        >
          <option value="be">{t('framing.orderShort.be')}</option>
          <option value="le">{t('framing.orderShort.le')}</option>
        </select>
      </Row>
      <Row>
        <NumberBox testId="framing-length-adjust" field="adjust" label={t('framing.adjust')} title={t('framing.adjustTitle')} value={adjust} onChange={(text) => setFraming({ framingLengthAdjust: text })} />
        <label className="check" title={t('framing.includesHeaderTitle')}>
          <input type="checkbox" data-testid="framing-length-includes-header" checked={includesHeader} onChange={(e) => setFraming({ framingLengthIncludesHeader: e.target.checked })} />
          {t('framing.includesHeader')}
        </label>
        {more}
      </Row>
    </>
  );
}

function IdleRow({ more }: { readonly more: ReactNode }) {
  const t = useT();
  const gap = useTab((s) => s.framingIdleGapMs);
  const setFraming = useTab((s) => s.setFraming);
  return (
    <Row>
      <NumberBox testId="framing-idle-gap" field="gapMs" label={t('framing.gap')} title={t('framing.gapTitle')} value={gap} onChange={(text) => setFraming({ framingIdleGapMs: text })} />
      <span className="framing-unit">{t('framing.ms')}</span>
      {more}
    </Row>
  );
}
