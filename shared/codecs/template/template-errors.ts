import { fail, type ErrorParams, type Result } from '../../contract/errors';

/**
 * What is wrong with a template, as `params.problem` of an INVALID_ARGUMENT with `reason: 'template'` and the
 * 1-based character `position` in the send box (renderer/src/i18n/localize-error.ts says it in words):
 * - unclosed: "{{" without "}}"; empty: "{{}}"; tooManyFields: more than TEMPLATE_LIMITS.maxFields
 * - unknownField {name}; badOption {option} (not name=value); unknownOption {name, option, options};
 *   duplicateOption {option}; badValue {option, value, expected}; unknownModel {model}
 * - range {name, from, to, length}: a len/crc range outside the payload; rangeSelf {from, to}: a crc over itself
 * - valueTooLarge {name, value, max}: a len or time value that does not fit its field
 * - noCapture {name, groups}: a reply's {{$N}} beyond the groups its rule's match has (reply-fields.ts)
 */
export type TemplateProblem =
  | 'unclosed'
  | 'empty'
  | 'tooManyFields'
  | 'unknownField'
  | 'badOption'
  | 'unknownOption'
  | 'duplicateOption'
  | 'badValue'
  | 'unknownModel'
  | 'range'
  | 'rangeSelf'
  | 'valueTooLarge'
  | 'noCapture';

export function templateError<T = never>(problem: TemplateProblem, position: number, message: string, params: ErrorParams = {}): Result<T> {
  return fail('INVALID_ARGUMENT', `Template error at character ${position}: ${message}`, {
    field: 'data',
    reason: 'template',
    problem,
    position,
    ...params,
  });
}
