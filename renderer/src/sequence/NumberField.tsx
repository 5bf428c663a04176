import { useEffect, useState } from 'react';

/**
 * A whole number typed in place. The store only ever gets a number in [min, max]: while the text is not one, the
 * field is marked invalid and `onProblem` gets the sentence (the panel shows it); leaving the field puts the last
 * good number back, so a half-typed value never reaches a run or the workspace file.
 */
export function NumberField({
  value,
  min,
  max,
  label,
  testId,
  problem,
  onCommit,
  onProblem,
}: {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly label: string;
  readonly testId: string;
  /** What to say while the text is not a number in range. */
  readonly problem: string;
  readonly onCommit: (value: number) => void;
  readonly onProblem: (problem: string | null) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const isValid = (candidate: string): boolean => {
    const n = Number(candidate);
    return /^\d+$/.test(candidate.trim()) && Number.isSafeInteger(n) && n >= min && n <= max;
  };
  const invalid = !isValid(text);
  return (
    <input
      className="seq-number"
      data-testid={testId}
      aria-label={label}
      title={invalid ? problem : label}
      inputMode="numeric"
      aria-invalid={invalid}
      value={text}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (isValid(next)) {
          onProblem(null);
          onCommit(Number(next.trim()));
        } else onProblem(problem);
      }}
      onBlur={() => {
        if (!invalid) return;
        setText(String(value));
        onProblem(null);
      }}
    />
  );
}
