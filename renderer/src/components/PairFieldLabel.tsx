/**
 * The label of one field of a side-by-side pair (.field-pair). A narrow column, or one narrowed by its scrollbar, cuts
 * it with an ellipsis ("(3) 本地主机端…" at 760 px), so its whole text is its tooltip too, with the field's hint when
 * it has one (the tooltip of the text replaces the field's own).
 */
export function PairFieldLabel({ text, hint }: { readonly text: string; readonly hint?: string }) {
  return (
    <span className="field-label" title={hint ? `${text}: ${hint}` : text}>
      {text}
    </span>
  );
}
