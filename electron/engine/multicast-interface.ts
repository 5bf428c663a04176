import { networkInterfaces } from 'node:os';
import { fail, ok, type AddressFamily, type AppError, type Result } from '@shared';

/** An interface name as the OS lists it now, with its addresses; undefined when it is not (or no longer) there. */
function interfaceEntries(name: string): ReturnType<typeof networkInterfaces>[string] {
  return networkInterfaces()[name];
}

/** Node 18.0–18.3 reported family as a number; accept both spellings. */
function familyOfEntry(family: unknown): AddressFamily {
  return family === 'IPv6' || family === 6 ? 'IPv6' : 'IPv4';
}

/**
 * How Node's dgram names the interface `name` to a multicast option of `family`: IPv4 options take one of the
 * interface's IPv4 addresses; IPv6 ones a scope, "::%eth0" (Windows: the interface's index, "::%12", which is the
 * scope id of its addresses). The OS's list is read now, not when the page listed it: an interface that went away
 * since (a USB adapter unplugged, a VPN down) is an error naming it, never a silent fallback to another interface
 * (which is what the OS would do with an IPv6 scope it does not know).
 */
export function interfaceArgument(name: string, family: AddressFamily): Result<string> {
  const entries = interfaceEntries(name);
  if (!entries || entries.length === 0) return interfaceGone(name);
  const ofFamily = entries.filter((entry) => familyOfEntry(entry.family) === family);
  if (family === 'IPv4') {
    const first = ofFamily[0];
    return first ? ok(first.address) : noAddress(name, family);
  }
  if (process.platform !== 'win32') return ok(`::%${name}`);
  const scoped = ofFamily.find((entry) => typeof entry.scopeid === 'number' && entry.scopeid > 0);
  return scoped?.scopeid !== undefined ? ok(`::%${scoped.scopeid}`) : noAddress(name, family);
}

/** The interface is not in the OS's list (gone, or it has no address left): the user must choose again. */
export function interfaceGoneError(name: string): AppError {
  return {
    code: 'EADDRNOTAVAIL',
    message: `Interface ${name} is not on this machine any more (or has no address)`,
    params: { field: 'interface', reason: 'interfaceGone', interface: name },
  };
}

function interfaceGone<T>(name: string): Result<T> {
  return { ok: false, error: interfaceGoneError(name) };
}

function noAddress<T>(name: string, family: AddressFamily): Result<T> {
  return fail('EADDRNOTAVAIL', `Interface ${name} has no ${family} address`, { field: 'interface', reason: 'interfaceNoAddress', interface: name, family });
}
