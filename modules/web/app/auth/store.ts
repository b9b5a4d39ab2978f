// The signed-in member, in memory only: the access token never goes to localStorage or any other
// storage a script could read later; the refresh token is the HttpOnly `__Host-agora-refresh`
// cookie of auth's cookie mode, refreshed with the `__Host-agora-csrf` cookie's value in X-CSRF-Token.
// A reload or a second tab starts signed out and refreshes silently from the cookie.
import { create } from 'zustand';
import { api, ApiProblem, cookie, problemOf, useTokenSource } from '../api';
import { currentLanguage, useLanguage } from '../i18n/language';
import { claimsOf, type Claims } from './claims';
import { exclusive, singleFlight } from './singleFlight';

export interface Account {
  id: string;
  email: string | null;
  displayName: string | null;
  emailVerified: boolean;
  status: 'active' | 'suspended' | 'deleted';
  roles: string[];
  invitedBy: string | null;
  createdAt: string;
  suspension?: { until: string | null; reason: string | null } | null;
}

export interface Tokens {
  accessToken: string;
  expiresAt: string;
  sessionId: string;
  scope?: string | null;
  suspension?: { until: string | null; reason: string | null } | null;
}

type Status = 'unknown' | 'signed-out' | 'signed-in';

/** Why the member was signed out, for the sign-in page to say. */
export type Ending = 'signed-out' | 'session-ended' | 'suspended' | undefined;

interface AuthState {
  status: Status;
  accessToken?: string;
  claims?: Claims;
  account?: Account;
  suspension?: { until: string | null; reason: string | null } | null;
  ending: Ending;
  /** A cookie-mode login or second step answered these tokens. */
  signedIn(tokens: Tokens): Promise<void>;
  /** On start: a session cookie from an earlier visit or another tab signs in silently. */
  restore(): Promise<void>;
  refresh(): Promise<string | undefined>;
  reloadAccount(): Promise<void>;
  signOut(): Promise<void>;
  signOutEverywhere(): Promise<void>;
  /** The API ended the session or refused a suspended account. */
  ended(problem: ApiProblem): void;
}

const CSRF_COOKIE = '__Host-agora-csrf';
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('agora-auth');

async function territoryLanguage(code: string | undefined): Promise<void> {
  if (!code) {
    return;
  }
  try {
    const territory = await api<{ language?: string }>(`/api/territories/${code}`, { authenticated: false });
    if (territory.language) {
      useLanguage.getState().territory(territory.language);
    }
  } catch {
    // The language stays the browser's.
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;

export const useAuth = create<AuthState>((set, get) => {
  /** Stores a token and plans the next refresh a minute before it expires. */
  function keep(tokens: Tokens) {
    const claims = claimsOf(tokens.accessToken);
    set({ status: 'signed-in', accessToken: tokens.accessToken, claims, suspension: tokens.suspension ?? null,
      ending: undefined });
    clearTimeout(refreshTimer);
    const wait = Math.max(5_000, new Date(tokens.expiresAt).getTime() - Date.now() - 60_000);
    refreshTimer = setTimeout(() => void get().refresh(), wait);
    void territoryLanguage(claims?.territory);
  }

  function forget(ending: Ending) {
    clearTimeout(refreshTimer);
    set({ status: 'signed-out', accessToken: undefined, claims: undefined, account: undefined, suspension: undefined,
      ending });
  }

  const refreshNow = singleFlight(() => exclusive('agora-refresh', async () => {
    const csrf = cookie(CSRF_COOKIE);
    if (!csrf) {
      forget(get().status === 'signed-in' ? 'session-ended' : undefined);
      return undefined;
    }
    let response: Response;
    try {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { Accept: 'application/json', 'Accept-Language': currentLanguage(), 'X-CSRF-Token': csrf },
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      return undefined;
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      forget(get().status === 'signed-in' ? 'session-ended' : undefined);
      if (problem.code === 'account-suspended') {
        set({ ending: 'suspended' });
      }
      return undefined;
    }
    const tokens = (await response.json()) as Tokens;
    keep(tokens);
    return tokens.accessToken;
  }));

  return {
    status: 'unknown',
    ending: undefined,

    async signedIn(tokens) {
      keep(tokens);
      channel?.postMessage({ type: 'signed-in' });
      await get().reloadAccount();
    },

    async restore() {
      const token = await refreshNow();
      if (token) {
        await get().reloadAccount();
      } else if (get().status === 'unknown') {
        forget(undefined);
      }
    },

    refresh: refreshNow,

    async reloadAccount() {
      try {
        const account = await api<Account>('/api/auth/me');
        set({ account, suspension: account.suspension ?? get().suspension });
      } catch {
        // The pages say what went wrong when they ask themselves.
      }
    },

    async signOut() {
      const csrf = cookie(CSRF_COOKIE);
      try {
        await api('/api/auth/logout', { method: 'POST', headers: csrf ? { 'X-CSRF-Token': csrf } : {} });
      } finally {
        forget('signed-out');
        channel?.postMessage({ type: 'signed-out' });
      }
    },

    async signOutEverywhere() {
      try {
        await api('/api/auth/logout-all', { method: 'POST' });
      } finally {
        forget('signed-out');
        channel?.postMessage({ type: 'signed-out' });
      }
    },

    ended(problem) {
      if (problem.code === 'account-suspended') {
        forget('suspended');
        return;
      }
      forget('session-ended');
    },
  };
});

useTokenSource({
  accessToken: () => useAuth.getState().accessToken,
  refresh: () => useAuth.getState().refresh(),
  ended: (problem) => useAuth.getState().ended(problem),
});

// Another tab signed in or out: follow it (signing in here too costs one refresh from the shared cookie).
channel?.addEventListener('message', (event: MessageEvent<{ type: string }>) => {
  const state = useAuth.getState();
  if (event.data.type === 'signed-out' && state.status === 'signed-in') {
    clearTimeout(refreshTimer);
    useAuth.setState({ status: 'signed-out', accessToken: undefined, claims: undefined, account: undefined,
      ending: 'signed-out' });
  } else if (event.data.type === 'signed-in' && state.status !== 'signed-in') {
    void state.restore();
  }
});
