import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Why small file systems cannot be mounted here (not Linux, not root / no CAP_SYS_ADMIN, no unshare), or
 * undefined when they can. Probed once: a tmpfs in a throwaway mount namespace.
 */
export const mountUnavailable = ((): string | undefined => {
  if (process.platform !== 'linux') return 'not Linux';
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt'], { stdio: 'ignore', timeout: 5_000 });
    return undefined;
  } catch (error) {
    return `unshare -m + mount not permitted (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
})();

/**
 * Real small file systems for fault tests: tmpfs mounts (a full one, a read-only one) in a private mount namespace
 * (`unshare -m`), held by a sleeping child and reached from this process through /proc/<child>/root. Nothing is
 * mounted in this process's own namespace, and the mounts vanish with the child, even if a test dies.
 */
export class MountNamespace {
  private constructor(
    private readonly base: string,
    private readonly holder: ChildProcess,
  ) {}

  /** `mounts`: directory name → tmpfs options (e.g. { full: 'size=64k', ro: 'ro' }). */
  static async start(mounts: Readonly<Record<string, string>>): Promise<MountNamespace> {
    const base = await mkdtemp(join(tmpdir(), 'socketdesk-fault-mounts-'));
    await Promise.all(Object.keys(mounts).map((name) => mkdir(join(base, name))));
    const script = ['set -e', ...Object.entries(mounts).map(([name, options]) => `mount -t tmpfs -o '${options}' tmpfs '${base}/${name}'`), 'echo ready', 'exec sleep 600'].join('\n');
    const holder = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('mount namespace not ready within 5 s')), 5_000);
      holder.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      holder.once('exit', (code) => reject(new Error(`mount namespace helper exited with ${code}`)));
    });
    return new MountNamespace(base, holder);
  }

  /** `path` inside the namespace's mounts, as this process reaches it. */
  path(...parts: string[]): string {
    return join(`/proc/${this.holder.pid}/root${this.base}`, ...parts);
  }

  async stop(): Promise<void> {
    if (this.holder.exitCode === null) {
      const exited = new Promise((resolve) => this.holder.once('exit', resolve));
      this.holder.kill('SIGKILL');
      await exited;
    }
    await rm(this.base, { recursive: true, force: true });
  }
}
