/**
 * Runs an Engine in a process whose descriptor limit the parent lowers once it has loaded (`prlimit`), for tests of
 * what the user sees when the process runs out of file descriptors. Forked by descriptor-limit.test.ts; answers on
 * stdout, one JSON line per step, so the parent never has to share its own descriptor table with the starved one.
 * It prints {"ready": true} once its modules are loaded and waits for a line "go" on stdin: loading opens many
 * files at once, and under a limit of 64 that alone failed with EMFILE now and then, before any test step.
 *
 *   open-starved: fill every free descriptor, then try to open each session kind; prints each open's error.
 *   serve:        open a TCP server, print its port, then (on a line "report" on stdin) print the clients it
 *                 accepted and the refused-client event rows of its log.
 */
import { openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SessionConfig } from '@shared';
import { EngineHarness } from './engine-harness';

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

async function openStarved(): Promise<void> {
  const harness = new EngineHarness();
  // Keep the descriptors open until exit: the point is that none is free while the sessions open.
  const held: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    try {
      held.push(openSync('/dev/null', 'r'));
    } catch {
      break;
    }
  }
  const configs: SessionConfig[] = [
    { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 },
    { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 },
    { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 9, connectTimeoutMs: 2000 },
  ];
  const errors = [];
  for (const config of configs) {
    const result = await harness.invoke('session.open', { config });
    errors.push(result.ok ? { kind: config.kind, ok: true } : { kind: config.kind, code: result.error.code, message: result.error.message });
  }
  print({ held: held.length, errors });
  process.exit(0);
}

async function serve(): Promise<void> {
  const harness = new EngineHarness();
  const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
  print({ port: opened.local.port });
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line !== 'report') continue;
    // Let throttled client lists and coalesced event rows go out before reading them.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const events = harness.framesOf(opened.sessionId).filter((frame) => frame.dir === 'event');
    print({ accepted: harness.lastClients(opened.sessionId).length, events: events.map((frame) => new TextDecoder().decode(frame.bytes)) });
    await harness.dispose();
    process.exit(0);
  }
}

const mode = process.argv[2];
if (mode !== 'open-starved' && mode !== 'serve') {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
const stdinLines = createInterface({ input: process.stdin });
stdinLines.once('line', (line) => {
  if (line !== 'go') return;
  // serve() reads stdin again for "report": hand the stream over.
  stdinLines.close();
  void (mode === 'open-starved' ? openStarved() : serve());
});
print({ ready: true });
