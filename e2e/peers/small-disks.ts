import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withTimeout } from './wait';

/** Why small file systems cannot be mounted here (needs Linux and root or CAP_SYS_ADMIN), or undefined. */
export function smallDisksUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt'], { stdio: 'ignore', timeout: 5_000 });
  return probe.status === 0 ? undefined : 'unshare -m + mount not permitted here';
}

/**
 * A 64 KiB tmpfs ("full" once 65 536 bytes are in it) and a read-only tmpfs ("ro"), mounted in a private mount
 * namespace held by a sleeping child: the host process (root, like the test) reaches them through
 * /proc/<child>/root, and they vanish with the child whatever happens to the test.
 */
export class SmallDisks {
  private constructor(
    private readonly base: string,
    private readonly holder: ChildProcess,
  ) {}

  static async mount(): Promise<SmallDisks> {
    const base = await mkdtemp(path.join(tmpdir(), 'socketdesk-e2e-disks-'));
    await Promise.all(['full', 'ro'].map((name) => mkdir(path.join(base, name))));
    const script = ['set -e', `mount -t tmpfs -o size=64k tmpfs '${base}/full'`, `mount -t tmpfs -o ro tmpfs '${base}/ro'`, 'echo ready', 'exec sleep 600'].join('\n');
    const holder = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await withTimeout(
      'the mount namespace to be ready',
      new Promise<void>((resolve, reject) => {
        holder.stdout!.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`the mount namespace helper exited with ${code}`)));
      }),
      5_000,
    );
    return new SmallDisks(base, holder);
  }

  /** A path on one of the disks, as any process of this machine's root reaches it. */
  path(disk: 'full' | 'ro', name: string): string {
    return `/proc/${this.holder.pid}/root${path.join(this.base, disk, name)}`;
  }

  async unmount(): Promise<void> {
    if (this.holder.exitCode === null) {
      const exited = new Promise((resolve) => this.holder.once('exit', resolve));
      this.holder.kill('SIGKILL');
      await exited;
    }
    await rm(this.base, { recursive: true, force: true });
  }
}
