import type { AppError } from '@shared/contract/errors';
import { formatHex } from '@shared/codecs/hex';
import { compileSendSpec, evaluateSendSpec, type SendContext } from '@shared/codecs/send-payload';
import type { SendSpec } from '@shared/contract/send-spec';

/** Bytes shown in the preview line; the count is always exact. */
export const PREVIEW_BYTES = 256;

/** What the line under the send box says: the exact bytes of the next send, or why there would be none. */
export type SendPreview =
  | {
      readonly kind: 'bytes';
      /** The send's number: what {{counter}} counts. */
      readonly sendIndex: number;
      /** HEX of the first PREVIEW_BYTES bytes. */
      readonly hex: string;
      readonly count: number;
      readonly isTruncated: boolean;
      /** Time or random fields: the bytes are an example, the send makes its own. */
      readonly isExample: boolean;
      readonly hasCounter: boolean;
    }
  | { readonly kind: 'error'; readonly sendIndex: number; readonly error: AppError }
  /** Nothing typed and nothing added: no line. */
  | { readonly kind: 'empty' };

/** The preview of `spec` as send number `context.sendIndex`: the same codec the send and the engine use. */
export function previewSend(spec: SendSpec, context: SendContext): SendPreview {
  const compiled = compileSendSpec(spec);
  const bytes = compiled.ok ? evaluateSendSpec(compiled.value, context) : compiled;
  if (!bytes.ok) {
    return bytes.error.params?.reason === 'empty' ? { kind: 'empty' } : { kind: 'error', sendIndex: context.sendIndex, error: bytes.error };
  }
  const template = compiled.ok ? compiled.value.template : undefined;
  return {
    kind: 'bytes',
    sendIndex: context.sendIndex,
    hex: formatHex(bytes.value.subarray(0, PREVIEW_BYTES)),
    count: bytes.value.length,
    isTruncated: bytes.value.length > PREVIEW_BYTES,
    isExample: template !== undefined && (template.hasTime || template.hasRandom),
    hasCounter: template?.hasCounter === true,
  };
}
