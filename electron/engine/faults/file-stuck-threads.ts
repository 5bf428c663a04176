import { readdirSync, readFileSync } from 'node:fs';

/**
 * Kernel wait channels of a thread stuck on a FIFO or a full pipe (Linux): open(2) of a FIFO waiting for its other
 * end sleeps in wait_for_partner, write(2) to a full pipe in pipe_write, read(2) of an empty one in pipe_read.
 */
const PIPE_WAITS = /wait_for_partner|fifo_open|pipe_write|pipe_read|pipe_wait/;

/**
 * The threads of this process (libuv's workers among them) sleeping on a pipe or a FIFO now, as "tid:wchan";
 * undefined where the kernel does not say (no /proc, or wait channels hidden: every thread reads "0"). The engine
 * must never leave one there: a worker stuck in the kernel is lost to every later file operation, and a process
 * with one cannot exit.
 */
export function threadsWaitingOnPipes(): string[] | undefined {
  let channels: Array<[string, string]>;
  try {
    channels = readdirSync('/proc/self/task').map((tid) => [tid, readWchan(tid)]);
  } catch {
    return undefined;
  }
  if (channels.every(([, wchan]) => wchan === '0' || wchan === '')) return undefined;
  return channels.filter(([, wchan]) => PIPE_WAITS.test(wchan)).map(([tid, wchan]) => `${tid}:${wchan}`);
}

function readWchan(tid: string): string {
  try {
    return readFileSync(`/proc/self/task/${tid}/wchan`, 'utf8').trim();
  } catch {
    return ''; // the thread ended while we looked
  }
}
