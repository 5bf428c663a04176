import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Lets go of whatever is blocked opening `fifo` for reading (a libuv worker thread stuck in open(2)): a writer
 * that opens and closes at once hands each waiting reader an end of file. Without it a failing test would leave
 * the worker process with a thread that never comes back.
 */
export async function releaseFifoReaders(fifo: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    try {
      const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      await writer.close();
    } catch {
      return; // ENXIO: no reader (left) waiting
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
