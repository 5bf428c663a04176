import type { Worker } from 'node:worker_threads';

/**
 * The next message of `kind` ({ kind: … }) a peer worker posts, or an error naming `who` after `timeoutMs`. The
 * listener is removed either way, so a case can wait for one step after another on the same worker.
 */
export function nextWorkerMessage<T>(worker: Worker, kind: string, timeoutMs: number, who: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.off('message', onMessage);
      reject(new Error(`${who}: no ${kind} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { kind: string }): void => {
      if (message.kind !== kind) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(message as T);
    };
    worker.on('message', onMessage);
  });
}
