/**
 * What a fuzzed host must not do to the process it runs in, beyond answering: leave a promise rejection
 * unhandled (a request that is never answered, and a crash under --unhandled-rejections=throw), or let a
 * "__proto__" / "constructor" key reach the shared prototypes (prototype pollution).
 */
export interface ProcessWatch {
  /** Rejections nobody handled since the watch began. */
  readonly unhandled: unknown[];
  /** Own keys added to or removed from Object.prototype / Array.prototype since the watch began. */
  prototypeChanges(): string[];
  stop(): void;
}

const PROTOTYPES = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
] as const;

export function watchProcess(): ProcessWatch {
  const unhandled: unknown[] = [];
  const onRejection = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onRejection);
  const before = PROTOTYPES.map(([, prototype]) => new Set(Reflect.ownKeys(prototype).map(String)));
  return {
    unhandled,
    prototypeChanges() {
      return PROTOTYPES.flatMap(([name, prototype], i) => {
        const now = new Set(Reflect.ownKeys(prototype).map(String));
        return [...[...now].filter((key) => !before[i]!.has(key)).map((key) => `${name} gained ${key}`), ...[...before[i]!].filter((key) => !now.has(key)).map((key) => `${name} lost ${key}`)];
      });
    },
    stop: () => void process.off('unhandledRejection', onRejection),
  };
}
