import { fail, type CommandArgs, type CommandName, type CommandResult, type Result } from '@shared';
import { resolve, sep } from 'node:path';
import type { WorkspaceEngine } from '../../engine/workspace-host';

/**
 * What fuzzed commands may do once they passed the host's gate. A fuzzer that makes valid arguments would otherwise
 * open sockets to any address (a TCP connect, a UDP datagram, a DNS lookup of a random name, an IGMP join) and
 * write files anywhere (the tests run as root). So, after the gate and before the engine: addresses are loopback
 * literals, paths lie inside the test's own directory, multicast is refused (it leaves by a real interface), and a
 * cyclic send is no faster than every 50 ms (a loaded test machine). Refused commands are answered with a Result
 * like any other; the gate in front of this saw every command.
 */
const LOOPBACK = new Set(['127.0.0.1', '::1']);
const ADDRESS_KEYS = new Set(['localAddress', 'remoteHost', 'host']);
const PATH_KEYS = new Set(['path', 'defaultPath']);
const MIN_FUZZ_PERIOD_MS = 50;

function problemIn(value: unknown, key: string, directory: string): string | undefined {
  if (typeof value === 'string') {
    if (ADDRESS_KEYS.has(key) && !LOOPBACK.has(value)) return `${key} ${JSON.stringify(value)} is not a loopback literal`;
    // resolve() also makes a Windows-style path ("C:\x") relative to the working directory: refused likewise.
    if (PATH_KEYS.has(key) && !((value === directory || value.startsWith(directory + sep)) && resolve(value) === value)) return `${key} is outside the test directory`;
    if (key === 'multicastInterface' && value !== '') return 'multicast leaves by a real interface';
    return undefined;
  }
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return undefined;
  if (key === 'multicastGroups' && Array.isArray(value) && value.length > 0) return 'multicast groups leave by a real interface';
  for (const [childKey, child] of Object.entries(value)) {
    const problem = problemIn(child, Array.isArray(value) ? key : childKey, directory);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why the fuzz may not run this (validated) command for real, or undefined when it may. */
export function fuzzGuardProblem(name: CommandName, args: unknown, directory: string): string | undefined {
  // The workspace file's fields are the form's text: saved in the host's data directory, never dialled.
  if (name === 'settings.save') return undefined;
  if (name === 'session.multicast.join' || name === 'session.multicast.leave') return 'multicast leaves by a real interface';
  const period = (args as { periodMs?: unknown }).periodMs;
  if (name === 'session.repeat.start' && typeof period === 'number' && period < MIN_FUZZ_PERIOD_MS) return 'cyclic send faster than the fuzz allows';
  return problemIn(args, '', directory);
}

/** How many validated commands reached the engine and how many the guard answered instead. */
export interface FuzzGuardCounts {
  reached: number;
  guarded: number;
}

/** `engine` behind the guard; the counts say how deep the fuzz got. */
export function loopbackGuardedEngine(engine: WorkspaceEngine, directory: string, counts: FuzzGuardCounts): WorkspaceEngine {
  return {
    handle<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> {
      const problem = fuzzGuardProblem(name, args, directory);
      if (problem !== undefined) {
        counts.guarded++;
        return Promise.resolve(fail('INVALID_ARGUMENT', `Not run by the fuzz test: ${problem}`));
      }
      counts.reached++;
      return engine.handle(name, args);
    },
    detachDisplay: () => engine.detachDisplay(),
    dispose: () => engine.dispose(),
  };
}
