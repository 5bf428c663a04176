import { commandSchemas, isCommandName, type CommandName } from '@shared';
import { applyMutations, HOSTILE_KEYS, mutationsArbitrary } from '@shared/test-support/hostile-values';
import fc from 'fast-check';
import type { CommandExamples } from './command-examples';

/** Every command of the contract, from the schemas the hosts check against. */
export const COMMAND_NAMES: readonly CommandName[] = Object.keys(commandSchemas).filter(isCommandName);

export interface FuzzInvocation {
  readonly name: unknown;
  readonly args: unknown;
}

/** Names next to the real ones: case, space, NUL, a prefix, the Object.prototype members. */
const nearNames = fc.oneof(
  fc.constantFrom(...COMMAND_NAMES).map((name) => name.toUpperCase()),
  fc.constantFrom(...COMMAND_NAMES).map((name) => ` ${name}`),
  fc.constantFrom(...COMMAND_NAMES).map((name) => `${name}\0`),
  fc.constantFrom(...COMMAND_NAMES).map((name) => name.split('.')[0]!),
  fc.constantFrom(...HOSTILE_KEYS),
);

/**
 * One command for a host: a real name (each of the contract's commands alike) with valid arguments, with the
 * valid arguments mutated one to three times, or with any value at all; or a name that is not a command, or not a
 * string. `value` is what the transport can carry.
 */
export function invocationArbitrary(examples: CommandExamples, value: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzInvocation> {
  const name = fc.constantFrom(...COMMAND_NAMES);
  const example = (commandName: CommandName, index: number): unknown => examples[commandName][index % examples[commandName].length];
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(name, fc.nat()).map(([n, i]) => ({ name: n, args: structuredClone(example(n, i)) })) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(name, fc.nat(), mutationsArbitrary(value))
        .map(([n, i, mutations]) => ({ name: n, args: applyMutations(example(n, i), mutations) })),
    },
    { weight: 2, arbitrary: fc.tuple(name, value).map(([n, args]) => ({ name: n, args })) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(nearNames, value), value).map(([n, args]) => ({ name: n, args })) },
  );
}
