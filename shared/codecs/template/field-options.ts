import { ok, type Result } from '../../contract/errors';
import { charPosition } from './char-position';
import { templateError } from './template-errors';
import { parseOffset, type TemplateOffset } from './template-offsets';
import type { TemplateOption } from './template-syntax';

/** A field's options by key, with the text to blame when one is wrong. */
export class FieldOptions {
  private readonly byKey = new Map<string, TemplateOption>();

  /** `known`: the options the field `name` takes, in the order an error message lists them. */
  constructor(
    private readonly text: string,
    readonly name: string,
    private readonly known: readonly string[],
  ) {}

  add(option: TemplateOption): Result<null> {
    const known = this.known;
    if (!known.includes(option.key)) {
      return templateError('unknownOption', charPosition(this.text, option.keyIndex), `${this.name} has no option "${option.key}"`, {
        name: this.name,
        option: option.key,
        options: known.join(', '),
      });
    }
    if (this.byKey.has(option.key)) {
      return templateError('duplicateOption', charPosition(this.text, option.keyIndex), `option "${option.key}" is given twice`, { option: option.key });
    }
    this.byKey.set(option.key, option);
    return ok(null);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  badValue<T>(key: string, expected: string): Result<T> {
    const option = this.byKey.get(key);
    const value = option?.value ?? '';
    return templateError('badValue', charPosition(this.text, option?.valueIndex ?? 0), `${key}=${value} is not valid (expected ${expected})`, {
      option: key,
      value,
      expected,
    });
  }

  /** One of `values` (read in any case), or `fallback` when not given. */
  choice<T extends string>(key: string, values: readonly T[], fallback: T): Result<T> {
    const option = this.byKey.get(key);
    if (!option) return ok(fallback);
    const value = option.value.toLowerCase();
    return (values as readonly string[]).includes(value) ? ok(value as T) : this.badValue(key, values.join('|'));
  }

  /** A whole number in [min, max], decimal or 0x hex, or `fallback`. */
  integer(key: string, min: bigint, max: bigint, fallback: bigint, expected = `${min}…${max}`): Result<bigint> {
    const option = this.byKey.get(key);
    if (!option) return ok(fallback);
    const value = parseInteger(option.value);
    return value !== undefined && value >= min && value <= max ? ok(value) : this.badValue(key, expected);
  }

  /** One of the sizes `sizes`, or `fallback`. */
  size(key: string, sizes: readonly number[], fallback: number): Result<number> {
    const option = this.byKey.get(key);
    if (!option) return ok(fallback);
    const value = /^\d{1,2}$/.test(option.value) ? Number(option.value) : NaN;
    return sizes.includes(value) ? ok(value) : this.badValue(key, sizes.join('|'));
  }

  offset(key: string, fallback: TemplateOffset): Result<TemplateOffset> {
    const option = this.byKey.get(key);
    if (!option) return ok(fallback);
    const offset = parseOffset(option.value);
    return offset ? ok(offset) : this.badValue(key, 'N|here|after|end, ±N');
  }

  /** An option that means nothing with the others given (pad with format=bin): refused, not silently ignored. */
  notWith(key: string, condition: string): Result<null> {
    return this.has(key) ? this.badValue(key, `only with ${condition}`) : ok(null);
  }

  raw(key: string): TemplateOption | undefined {
    return this.byKey.get(key);
  }
}

function parseInteger(text: string): bigint | undefined {
  const match = /^([+-]?)(0x[0-9a-f]{1,16}|\d{1,20})$/i.exec(text);
  if (!match) return undefined;
  const magnitude = BigInt(match[2]!);
  return match[1] === '-' ? -magnitude : magnitude;
}
