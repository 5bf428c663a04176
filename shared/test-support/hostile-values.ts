import fc from 'fast-check';

/*
 * Hostile values for property tests of anything that reads untrusted input (a host's commands, a file a user
 * opens, a wire message): numbers and strings at the edges, array-likes, keys that reach prototypes, deep nesting,
 * and valid values with a field or three changed. Pure, for the tests of every layer.
 */

/** The platform's structured clone (Node and browsers have it; shared/'s typings know neither platform). */
const structuredClone = <T>(value: T): T => (globalThis as unknown as { structuredClone<V>(value: V): V }).structuredClone(value);

/** Keys that trip code which treats a parsed object as an ordinary one (prototype pollution, `obj.toString()`). */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'then', '$bin', 'length'] as const;

const edgeNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    -1,
    0,
    0.5,
    65_535,
    65_536,
    -65_535,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ),
  fc.integer(),
  fc.double(),
);

const edgeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\0',
    '127.0.0.1\0',
    'localhost',
    '0.0.0.0',
    '::',
    '255.255.255.255',
    '/',
    '/etc/passwd',
    '../../../../etc/passwd',
    'C:\\Windows\\win.ini',
    '\\\\server\\share',
    '%s%n%x',
    '\ud800',
    '{{',
    '{{crc model=nope}}',
    '(a+)+$',
    '[',
    's1',
    'all',
    ...HOSTILE_KEYS,
  ),
);

/** Beyond every text limit of the contract (the longest is a path of 4096 characters, a payload of 64 KiB). */
const hugeString = fc.integer({ min: 70_000, max: 1_200_000 }).map((length) => 'x'.repeat(length));
const bytes = fc.oneof({ weight: 9, arbitrary: fc.uint8Array({ maxLength: 64 }) }, { weight: 1, arbitrary: fc.integer({ min: 65_528, max: 300_000 }).map((n) => new Uint8Array(n)) });

/** Arrays or objects nested deeper than any contract value, and than the wire's depth limit (256). */
const deeplyNested = fc.tuple(fc.integer({ min: 50, max: 400 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

/**
 * Objects that pose as strings or arrays: a `length` (which zod's length checks read even on a value of the wrong
 * type), one that cannot be compared, or converted, at all.
 */
const arrayLike = fc.oneof(
  fc.constant({ length: { toString: 1 } }),
  fc.constant({ length: { valueOf: 'x', toString: 'y' } }),
  fc.constant({ toString: 1, valueOf: 2 }),
  edgeNumber.map((length) => ({ length })),
  fc.tuple(fc.nat(4), fc.string({ maxLength: 4 })).map(([length, zero]) => ({ length, 0: zero })),
);

const hostileKey = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_KEYS));

/** What JSON with binary blobs carries (the browser host's wire): no undefined, and NaN / ±Infinity become null. */
export const wireValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    edgeNumber,
    edgeString,
    bytes,
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: deeplyNested, weight: 1 },
    { arbitrary: arrayLike, weight: 1 },
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
})).value;

/** A self-referencing object: structured clone (Electron IPC) carries cycles, JSON cannot. */
const cyclic = fc.constant(null).map(() => {
  const node: Record<string, unknown> = { kind: 'udp' };
  node.self = node;
  node.config = node;
  return node;
});

/** What Electron's IPC carries (structured clone): also undefined, bigint, Date, Map, Set, typed arrays, boxed values, sparse arrays and cycles. */
export const ipcValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wireValue },
  {
    weight: 2,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      key: hostileKey,
    }),
  },
  { weight: 1, arbitrary: cyclic },
);

/** How far down a mutation looks: the examples nest less; what lies deeper came from a mutation already. */
const MUTATION_DEPTH = 8;

/** Plain objects and arrays: what a mutation changes (not a boxed string's fixed characters, a Map or a Date). */
function isMutable(value: unknown): value is Record<string, unknown> {
  if (value === Object.prototype || value === Array.prototype) return false;
  return Array.isArray(value) || Object.prototype.toString.call(value) === '[object Object]';
}

/** Where in `value` a mutation may act: the root, and every object or array below it (each once: values may be cyclic). */
function containerPaths(value: unknown, path: string[] = [], into: string[][] = [], seen = new Set<object>()): string[][] {
  if (!isMutable(value) || seen.has(value) || path.length > MUTATION_DEPTH) return into;
  seen.add(value);
  into.push(path);
  for (const [key, child] of Object.entries(value)) containerPaths(child, [...path, key], into, seen);
  return into;
}

export interface Mutation {
  readonly at: number;
  readonly op: 'replace' | 'delete' | 'add' | 'wrap';
  readonly pick: number;
  readonly key: string;
  readonly value: unknown;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a "__proto__" key must stay a key and not change the prototype.
  try {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } catch {
    // An array's "length" takes no such value: that mutation is skipped.
  }
}

/**
 * `seed` (a copy) with `mutations` applied in order.
 */
export function applyMutations(seed: unknown, mutations: readonly Mutation[]): unknown {
  return mutations.reduce<unknown>((mutated, m) => mutate(mutated, m), structuredClone(seed));
}

/**
 * `args` with one field replaced, removed, added (hostile keys too) or wrapped in an array; the root may be replaced.
 * Values go in as copies: a later mutation may change what it finds, and fast-check reuses its values to shrink.
 */
function mutate(args: unknown, mutation: Mutation): unknown {
  const value = structuredClone(mutation.value);
  const paths = containerPaths(args);
  if (paths.length === 0) return value;
  const path = paths[mutation.at % paths.length]!;
  let container = args as Record<string, unknown>;
  for (const step of path) container = container[step] as Record<string, unknown>;
  const keys = Object.keys(container);
  const key = keys.length > 0 ? keys[mutation.pick % keys.length]! : mutation.key;
  switch (mutation.op) {
    case 'replace':
      if (path.length === 0 && mutation.pick % 7 === 0) return value;
      setOwn(container, key, value);
      return args;
    case 'delete':
      Reflect.deleteProperty(container, key);
      return args;
    case 'add':
      // An array gets another element: a key beside its indices would not cross JSON, and fast-check cannot print it.
      if (Array.isArray(container)) container.push(value);
      else setOwn(container, mutation.key, value);
      return args;
    case 'wrap':
      // Only an own value: container["__proto__"] of an object without that key is Object.prototype itself, which a
      // later mutation would then change for the whole process.
      setOwn(container, key, [Object.prototype.hasOwnProperty.call(container, key) ? container[key] : null]);
      return args;
  }
}


/** Mutations of a value: one to three, each built from `value` (what the transport can carry). */
export function mutationsArbitrary(value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation[]> {
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('replace', 'delete', 'add', 'wrap'),
    pick: fc.nat(),
    key: hostileKey,
    value,
  });
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

/**
 * A copy of one of `seeds` (valid values: a settings file, a command's arguments) with one to three mutations:
 * a field replaced by `value`, removed, added (hostile keys too) or wrapped in an array. What a parser of such
 * values meets when the input is almost right, which random values alone seldom are.
 */
export function mutatedArbitrary(seeds: readonly unknown[], value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat(), mutationsArbitrary(value))
    .map(([i, mutations]) => applyMutations(seeds[i % seeds.length], mutations));
}
