/**
 * Runs the real Engine as an unprivileged user (port-faults.test.ts starts it under `setpriv --reuid=65534`) and
 * reports what opening each session kind on a privileged port answers, and the descriptors this process held
 * before and after: one JSON line on stdout. Every open is bounded by the engine's own timeouts (a bind answers at
 * once); the process exits when done.
 */
import type { SessionConfig } from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { openDescriptors } from '../test-support/descriptors';

const port = Number(process.argv[2]);
const target = Number(process.argv[3]);

async function main(): Promise<void> {
  const harness = new EngineHarness();
  const configs: SessionConfig[] = [
    { kind: 'udp', localAddress: '127.0.0.1', localPort: port },
    { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: port },
    { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: target, localPort: port },
    { kind: 'relay', transport: 'tcp', localAddress: '127.0.0.1', localPort: port, remoteHost: '127.0.0.1', remotePort: target },
    { kind: 'relay', transport: 'udp', localAddress: '127.0.0.1', localPort: port, remoteHost: '127.0.0.1', remotePort: target },
  ];
  // One open first, so that what the engine keeps for its life (not per session) is not counted as a leak.
  await harness.invoke('session.open', { config: configs[0]! });
  const before = openDescriptors();
  const refusals = [];
  for (const config of configs) {
    const result = await harness.invoke('session.open', { config });
    refusals.push({ kind: config.kind, transport: 'transport' in config ? config.transport : undefined, result: result.ok ? { ok: true } : { ok: false, code: result.error.code, message: result.error.message, params: result.error.params ?? {} } });
  }
  // Closes finish a moment after the answers.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = openDescriptors();
  const unprivileged = await harness.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
  process.stdout.write(`${JSON.stringify({ uid: process.getuid?.(), before, after, refusals, unprivilegedOpen: unprivileged.ok })}\n`);
  await harness.dispose();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
