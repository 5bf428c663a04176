import { z } from 'zod';

/**
 * `schema.safeParse(value)` for untrusted input, which never throws. zod's own safeParse can: its length checks
 * (`.min` / `.max` of a string or an array) also run on a value of the wrong type that has a `length` property, and
 * compare that property with a number, so `{"length": {"toString": 1}}` (valid JSON, and what a fuzzer sends) makes
 * the comparison throw a TypeError out of safeParse. Such a value is refused here like any other of the wrong
 * shape, with one issue at the root: which field held it is lost with the throw.
 */
export function safeParseUntrusted<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  try {
    return schema.safeParse(value);
  } catch {
    const issue: z.core.$ZodIssue = { code: 'custom', message: 'a value of the wrong shape (it cannot be compared as its field must be)', path: [], input: value };
    // The error carries no data of S (it is a failure), only the issue: the type parameter is nominal here.
    return { success: false, error: new z.ZodError([issue]) as z.ZodError<z.output<S>> };
  }
}
