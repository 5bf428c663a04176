import os from 'node:os';

/**
 * A paced sender's scheduling priority for one run. A faster-scheduled sender stands in for traffic from another
 * machine, which would not wait for our cores; the reply says what the sender got (`nice`) and, when raising it was
 * refused (not root), why.
 */
export interface SenderPriority {
  readonly nice: number;
  readonly niceError?: string;
  /** Back to the priority before the run (only when it was changed). */
  restore(): void;
}

export function takeSenderPriority(requested: number | undefined): SenderPriority {
  const before = os.getPriority(0);
  let niceError: string | undefined;
  if (requested !== undefined) {
    try {
      os.setPriority(0, requested);
    } catch (error) {
      niceError = error instanceof Error ? error.message : String(error);
    }
  }
  const changed = requested !== undefined && niceError === undefined;
  return {
    nice: os.getPriority(0),
    ...(niceError === undefined ? {} : { niceError }),
    restore: () => {
      if (changed) os.setPriority(0, before);
    },
  };
}
