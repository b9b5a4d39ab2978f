// Refresh tokens rotate and a rotated one used again revokes the session (reuse detection), so
// refreshes must never overlap: within a tab one refresh is shared by every caller, and across
// tabs the Web Locks API lets one tab refresh at a time (the next one then sends the newest cookie).

/** Runs `work` once for all callers that ask while it runs. */
export function singleFlight<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    if (!running) {
      running = work().finally(() => {
        running = undefined;
      });
    }
    return running;
  };
}

interface Locks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** Runs `work` holding the browser-wide lock `name` (where the browser has Web Locks). */
export function exclusive<T>(name: string, work: () => Promise<T>, locks?: Locks): Promise<T> {
  const available = locks ?? (typeof navigator !== 'undefined'
    ? (navigator as unknown as { locks?: Locks }).locks : undefined);
  return available ? available.request(name, work) : work();
}
