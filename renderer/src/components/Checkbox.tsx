/** A labelled checkbox row; `testId` lands on the input so e2e can check/uncheck it. */
export function Checkbox({
  label,
  checked,
  onChange,
  testId,
  title,
}: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly testId: string;
  readonly title?: string;
}) {
  return (
    <label className="check" title={title}>
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

/** ASCII / HEX radio pair. */
export function ModeRadios<M extends string>({
  name,
  label,
  value,
  onChange,
  options,
}: {
  readonly name: string;
  /** What the pair chooses, e.g. "接收显示格式 / Receive display format": the radiogroup's accessible name. */
  readonly label: string;
  readonly value: M;
  readonly onChange: (mode: M) => void;
  readonly options: ReadonlyArray<{ readonly value: M; readonly label: string; readonly testId: string }>;
}) {
  return (
    <div className="radios" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} data-testid={o.testId} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}
