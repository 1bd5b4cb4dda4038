/** Options of {@link withTimeout}. */
export interface WithTimeoutOptions {
  /**
   * Let the timer not keep the process alive (default false: a pending
   * piece of work still ends, with its timeout, when nothing else runs).
   */
  readonly unref?: boolean;
}

/**
 * Settles as `work` does, or, when `ms` milliseconds pass first, as
 * `onTimeout` does: with what it returns, or rejected with what it throws.
 * The timer is cleared as soon as `work` settles. A rejection of `work`
 * that comes after the timeout is ignored, never left unhandled.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => T, options: WithTimeoutOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (err) {
        reject(err);
      }
    }, ms);
    if (options.unref === true) timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
