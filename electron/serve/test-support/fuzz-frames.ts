import { encodeWireMessage, isWireId } from '@shared';
import fc from 'fast-check';
import { withSessionIds, type CommandExamples } from '../../test-support/fuzz/command-examples';
import { wireValue } from '@shared/test-support/hostile-values';
import { COMMAND_NAMES, invocationArbitrary, type FuzzInvocation } from '../../test-support/fuzz/command-arbitraries';

/*
 * WebSocket messages for the browser host's fuzz: what a page sends (shared/wire/wire-codec.ts), right and wrong at
 * every layer. A recipe is built into bytes when it is sent, because ids count up per connection and sessions the
 * fuzz opened are named by their ids (command-examples.ts: sessionRef).
 */

/** The envelope's id: the next one, none, or a value that is not a request id (a non-negative safe integer). */
type IdChoice = { readonly kind: 'next' } | { readonly kind: 'same-again' } | { readonly kind: 'absent' } | { readonly kind: 'value'; readonly value: unknown };

/** What happens to the encoded bytes: nothing, cut short, bytes appended, or the JSON length field lies. */
type Damage =
  | { readonly kind: 'none' }
  | { readonly kind: 'cut'; readonly keep: number }
  | { readonly kind: 'append'; readonly bytes: Uint8Array }
  | { readonly kind: 'length'; readonly value: number };

export type FrameRecipe =
  | { readonly kind: 'invoke'; readonly invocation: FuzzInvocation; readonly t: unknown; readonly id: IdChoice; readonly extra: readonly [string, unknown] | null; readonly damage: Damage }
  /** A JSON header with a literal JSON.stringify never writes (1e999 is Infinity, -0, 30 digits) at one field. */
  | { readonly kind: 'literal'; readonly name: string; readonly example: number; readonly leaf: number; readonly literal: string; readonly damage: Damage }
  | { readonly kind: 'noise'; readonly bytes: Uint8Array }
  | { readonly kind: 'text'; readonly text: string };

/** `bytes` with a damage applied. */
function damaged(bytes: Uint8Array, damage: Damage): Uint8Array {
  switch (damage.kind) {
    case 'none':
      return bytes;
    case 'cut':
      return bytes.subarray(0, damage.keep % (bytes.length + 1));
    case 'append': {
      const out = new Uint8Array(bytes.length + damage.bytes.length);
      out.set(bytes);
      out.set(damage.bytes, bytes.length);
      return out;
    }
    case 'length': {
      const out = bytes.slice();
      if (out.length >= 4) new DataView(out.buffer).setUint32(0, damage.value >>> 0, true);
      return out;
    }
  }
}

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Damage>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.nat().map((keep): Damage => ({ kind: 'cut', keep })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((bytes): Damage => ({ kind: 'append', bytes })) },
  { weight: 1, arbitrary: fc.oneof(fc.nat(64), fc.constantFrom(0xffffffff, 0x7fffffff, 2 ** 26)).map((value): Damage => ({ kind: 'length', value })) },
);

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<IdChoice>({ kind: 'next' }) },
  { weight: 1, arbitrary: fc.constant<IdChoice>({ kind: 'same-again' }) },
  { weight: 1, arbitrary: fc.constant<IdChoice>({ kind: 'absent' }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom<unknown>(-1, 1.5, '7', null, true, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, [1], { id: 1 }, Number.NaN, Number.POSITIVE_INFINITY), wireValue)
      .map((value): IdChoice => ({ kind: 'value', value })),
  },
);

/** Literals JSON.parse accepts and JSON.stringify never writes, or strings that are not what they seem. */
const LITERALS = ['1e999', '-1e999', '-0', '1e-400', '123456789012345678901234567890', '0.1e1', '-1', '65536', '"\\ud800"', '"\\u0000"', '"127.0.0.1\\u0000"', '{"$bin": 0}', '{"$bin": -1}', '{"$bin": 1.5}'] as const;

export function frameRecipeArbitrary(examples: CommandExamples): fc.Arbitrary<FrameRecipe> {
  const invoke = fc.record({
    kind: fc.constant('invoke' as const),
    invocation: invocationArbitrary(examples, wireValue),
    t: fc.oneof({ weight: 9, arbitrary: fc.constant('invoke') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('result', 'event', 'INVOKE', ''), wireValue) }),
    id: idChoice,
    extra: fc.option(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'result', 'payload'), wireValue), { freq: 5 }),
    damage,
  });
  const literal = fc.record({
    kind: fc.constant('literal' as const),
    name: fc.constantFrom(...COMMAND_NAMES),
    example: fc.nat(),
    leaf: fc.nat(),
    literal: fc.constantFrom(...LITERALS),
    damage,
  });
  const noise = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    // A length field, then anything: JSON that may or may not fit in it.
    fc.tuple(fc.nat(300), fc.uint8Array({ maxLength: 200 })).map(([length, rest]) => {
      const out = new Uint8Array(4 + rest.length);
      new DataView(out.buffer).setUint32(0, length, true);
      out.set(rest, 4);
      return out;
    }),
  );
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.constant('{"t":"invoke","id":1,"name":"system.interfaces","args":{}}'));
  return fc.oneof(
    { weight: 10, arbitrary: invoke },
    { weight: 2, arbitrary: literal },
    { weight: 2, arbitrary: noise.map((bytes): FrameRecipe => ({ kind: 'noise', bytes })) },
    { weight: 1, arbitrary: text.map((t): FrameRecipe => ({ kind: 'text', text: t })) },
  );
}

/** Paths to the leaves (strings, numbers, booleans, bytes) of a value of plain objects and arrays. */
function leafPaths(value: unknown, path: string[] = [], into: string[][] = []): string[][] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) {
    into.push(path);
    return into;
  }
  for (const [key, child] of Object.entries(value)) leafPaths(child, [...path, key], into);
  return into;
}

const LITERAL_MARK = '@@fuzz-literal@@';

export interface BuiltFrame {
  readonly data: Uint8Array | string;
  readonly binary: boolean;
  /** The command named, when the frame is an invoke: its reply may open a session. */
  readonly name?: unknown;
}

/** Hands out a connection's request ids. */
export interface IdSource {
  next(): number;
  /** The last id handed out again (a page that reuses an id). */
  again(): number;
}

export function buildFrame(recipe: FrameRecipe, examples: CommandExamples, ids: IdSource, sessionIds: readonly string[]): BuiltFrame {
  switch (recipe.kind) {
    case 'noise':
      return { data: recipe.bytes, binary: true };
    case 'text':
      return { data: recipe.text, binary: false };
    case 'invoke': {
      const header: Record<string, unknown> = {};
      if (recipe.extra) Object.defineProperty(header, recipe.extra[0], { value: recipe.extra[1], enumerable: true, writable: true, configurable: true });
      header.t = recipe.t;
      if (recipe.id.kind === 'next') header.id = ids.next();
      else if (recipe.id.kind === 'same-again') header.id = ids.again();
      else if (recipe.id.kind === 'value') header.id = recipe.id.value;
      header.name = recipe.invocation.name;
      header.args = withSessionIds(recipe.invocation.args, sessionIds);
      return { data: damaged(encodeWireMessage(header), recipe.damage), binary: true, name: recipe.invocation.name };
    }
    case 'literal': {
      const list = examples[recipe.name as keyof CommandExamples];
      const args = withSessionIds(structuredClone(list[recipe.example % list.length]), sessionIds) as Record<string, unknown>;
      const leaves = leafPaths(args).filter((path) => path.length > 0);
      if (leaves.length > 0) {
        const path = leaves[recipe.leaf % leaves.length]!;
        let container = args;
        for (const step of path.slice(0, -1)) container = container[step] as Record<string, unknown>;
        container[path.at(-1)!] = LITERAL_MARK;
      }
      const encoded = encodeWireMessage({ t: 'invoke', id: ids.next(), name: recipe.name, args });
      const json = new TextDecoder().decode(encoded.subarray(4, 4 + new DataView(encoded.buffer).getUint32(0, true)));
      const body = new TextEncoder().encode(json.replace(`"${LITERAL_MARK}"`, recipe.literal));
      const blobs = encoded.subarray(4 + new DataView(encoded.buffer).getUint32(0, true));
      const out = new Uint8Array(4 + body.length + blobs.length);
      new DataView(out.buffer).setUint32(0, body.length, true);
      out.set(body, 4);
      out.set(blobs, 4 + body.length);
      return { data: damaged(out, recipe.damage), binary: true, name: recipe.name };
    }
  }
}

/**
 * The protocol's promise for one binary message (shared/wire/wire-codec.ts, electron/serve/ws-connection.ts): when
 * its JSON header (after the u32 length) parses to an object with a request id, a non-negative safe integer, exactly
 * one result comes back with that id, whatever is wrong after it (blobs, depth, envelope, command, arguments).
 * Anything else is dropped unanswered: bytes that do not parse cannot be trusted to name the right request.
 */
export function promisedReplyId(message: Uint8Array): number | undefined {
  if (message.length < 4) return undefined;
  const length = new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(0, true);
  if (4 + length > message.length) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(message.subarray(4, 4 + length)));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const id = (header as { id?: unknown }).id;
  return isWireId(id) ? id : undefined;
}
