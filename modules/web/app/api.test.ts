import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiProblem, useTokenSource } from './api';
import { useLanguage } from './i18n/language';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

function podAnswering(handler: (path: string, headers: Record<string, string>) => Response) {
  const seen: Array<{ path: string; headers: Record<string, string> }> = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    seen.push({ path, headers });
    return handler(path, headers);
  });
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('talking to the pod', () => {
  it('sends the page’s language so problems come back in it', async () => {
    useLanguage.setState({ language: 'nn' });
    const seen = podAnswering(() => json(404, { code: 'not-found', detail: 'Finst ikkje' }, 'application/problem+json'));
    const problem = (await api('/api/x', { authenticated: false }).catch((e: unknown) => e)) as ApiProblem;
    expect(seen[0].headers['Accept-Language']).toBe('nn');
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem.detail).toBe('Finst ikkje');
    expect(problem.status).toBe(404);
  });

  it('refreshes an expired access token once and sends the request again', async () => {
    let token = 'old';
    let refreshes = 0;
    useTokenSource({
      accessToken: () => token,
      refresh: async () => {
        refreshes += 1;
        token = 'new';
        return token;
      },
      ended: () => undefined,
    });
    const seen = podAnswering((_, headers) => (headers.Authorization === 'Bearer new'
      ? json(200, { ok: true })
      : json(401, { code: 'token-expired', detail: 'expired' })));
    expect(await api('/api/auth/me')).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(seen.map((s) => s.headers.Authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('tells the session a suspension answered, and keeps the field errors of a 422', async () => {
    const ended: string[] = [];
    useTokenSource({ accessToken: () => 'token', refresh: async () => 'token', ended: (p) => ended.push(p.code) });
    podAnswering((path) => (path === '/api/suspended'
      ? json(403, { code: 'account-suspended', detail: 'Suspended' })
      : json(422, { code: 'validation-failed', detail: 'Check', errors: [
        { pointer: '/password', code: 'password-common', detail: 'Too common' }] })));
    await expect(api('/api/suspended')).rejects.toMatchObject({ code: 'account-suspended' });
    expect(ended).toEqual(['account-suspended']);
    const invalid = (await api('/api/form', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiProblem;
    expect(invalid.at('/password').map((e) => e.detail)).toEqual(['Too common']);
    expect(ended).toEqual(['account-suspended']);
  });

  it('says the pod cannot be reached when the network fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api('/api/x', { authenticated: false })).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
