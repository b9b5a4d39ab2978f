import { describe, expect, it } from 'vitest';
import { exclusive, singleFlight } from './singleFlight';

describe('refreshing once', () => {
  it('shares one run among callers that ask at the same time', async () => {
    let runs = 0;
    let release!: (value: string) => void;
    const refresh = singleFlight(() => {
      runs += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    });
    const answers = Promise.all([refresh(), refresh(), refresh()]);
    release('token-1');
    expect(await answers).toEqual(['token-1', 'token-1', 'token-1']);
    expect(runs).toBe(1);
  });

  it('runs again once the previous run has ended, even after a failure', async () => {
    let runs = 0;
    const refresh = singleFlight(async () => {
      runs += 1;
      if (runs === 1) {
        throw new Error('offline');
      }
      return runs;
    });
    await expect(refresh()).rejects.toThrow('offline');
    expect(await refresh()).toBe(2);
  });

  it('holds the browser-wide lock while it refreshes', async () => {
    const held: string[] = [];
    const locks = {
      async request<T>(name: string, callback: () => Promise<T>) {
        held.push(name);
        return callback();
      },
    };
    expect(await exclusive('agora-refresh', async () => 'done', locks)).toBe('done');
    expect(held).toEqual(['agora-refresh']);
  });
});
