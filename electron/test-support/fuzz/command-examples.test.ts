import { ok, type CommandName } from '@shared';
import { describe, expect, it } from 'vitest';
import { createCommandDispatcher } from '../../engine/command-dispatcher';
import { COMMAND_NAMES } from './command-arbitraries';
import { commandExamples } from './command-examples';
import { fuzzGuardProblem } from './loopback-guard';

const env = { directory: '/tmp/socketdesk-fuzz', sendFilePath: '/tmp/socketdesk-fuzz/send.bin', tcpPeerPort: 7000, udpPeerPort: 7001 };

describe('the host fuzz’s seeds (command-examples.ts)', () => {
  it('give every command of the contract valid arguments, which pass the hosts’ gate', async () => {
    const reached: CommandName[] = [];
    const dispatch = createCommandDispatcher({ handle: (async (name: CommandName) => (reached.push(name), ok(null))) as never });
    const examples = commandExamples(env);
    for (const name of COMMAND_NAMES) {
      expect(examples[name].length, name).toBeGreaterThan(0);
      for (const args of examples[name]) expect(await dispatch(name, args), `${name} ${JSON.stringify(args)}`).toEqual({ ok: true, value: null });
    }
    expect(new Set(reached)).toEqual(new Set(COMMAND_NAMES));
  });

  it('stay on loopback and in the test directory: the guard lets all through but multicast', () => {
    const examples = commandExamples(env);
    for (const name of COMMAND_NAMES) {
      for (const args of examples[name]) {
        const problem = fuzzGuardProblem(name, args, env.directory);
        if (name === 'session.multicast.join' || name === 'session.multicast.leave') expect(problem, name).toBeDefined();
        else expect(problem, `${name} ${JSON.stringify(args)}`).toBeUndefined();
      }
    }
  });

  it('the guard refuses other addresses, paths outside the directory, multicast and fast cyclic sends', () => {
    const refused: Array<[CommandName, unknown]> = [
      ['session.open', { config: { kind: 'tcp-client', remoteHost: '10.0.0.1', remotePort: 80 } }],
      ['session.open', { config: { kind: 'udp', localAddress: 'localhost', localPort: 0 } }],
      ['session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0, multicastGroups: [{ group: '239.0.0.1' }] } }],
      ['session.send', { sessionId: 's1', bytes: new Uint8Array(1), to: { host: '192.0.2.1', port: 9 } }],
      ['session.capture.start', { sessionId: 's1', path: '/etc/cron.d/x' }],
      ['session.capture.start', { sessionId: 's1', path: `${env.directory}/../escape` }],
      ['session.capture.start', { sessionId: 's1', path: 'C:\\capture.bin' }],
      ['session.repeat.start', { sessionId: 's1', bytes: new Uint8Array(1), periodMs: 1 }],
      ['session.udp.set', { sessionId: 's1', options: { multicastInterface: 'eth0' } }],
    ];
    for (const [name, args] of refused) expect(fuzzGuardProblem(name, args, env.directory), `${name} ${JSON.stringify(args)}`).toBeDefined();
  });
});
