// The one way the app talks to the pod: JSON in and out, Accept-Language on every request so
// problems come back in the reader's language, the access token from memory, and one silent
// refresh and retry when the token has expired.
import { currentLanguage } from './i18n/language';

/** A field error of a 422 answer. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  code: string;
  detail: string;
}

/** An answer that was not a success: the problem (RFC 9457) as the API localised it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly retryAfter?: number,
  ) {
    super(detail);
  }

  /** The errors at one field (`/password`). */
  at(pointer: string): FieldError[] {
    return this.errors.filter((e) => e.pointer === pointer);
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A non-JSON body (an image), sent as is with its own type. */
  upload?: Blob;
  /** Sends X-Territory (pages opened from a mail link name the territory in the link). */
  territory?: string;
  /** False for requests that must not carry or refresh the access token. */
  authenticated?: boolean;
  headers?: Record<string, string>;
}

/** What the auth store lends this module: kept here so the store can depend on it, not the reverse. */
export interface TokenSource {
  accessToken(): string | undefined;
  /** A fresh access token, or undefined when the session is over. */
  refresh(): Promise<string | undefined>;
  /** Called when the API says the account is suspended or the session has ended. */
  ended(problem: ApiProblem): void;
}

let tokens: TokenSource | undefined;

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

/** The value of a cookie scripts may read (the CSRF cookie). */
export function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}

async function send(path: string, options: RequestOptions, token?: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
    ...options.headers,
  };
  if (options.upload) {
    headers['Content-Type'] = options.upload.type;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (options.territory) {
    headers['X-Territory'] = options.territory;
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  try {
    return await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.upload ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiProblem(0, 'network', '');
  }
}

export async function problemOf(response: Response): Promise<ApiProblem> {
  const retry = Number(response.headers.get('Retry-After') ?? '') || undefined;
  try {
    const body = await response.json();
    return new ApiProblem(response.status, String(body.code ?? 'unknown'), String(body.detail ?? ''),
      Array.isArray(body.errors) ? body.errors : [], retry);
  } catch {
    return new ApiProblem(response.status, 'unknown', '', [], retry);
  }
}

const TOKEN_PROBLEMS = new Set(['token-expired', 'invalid-token', 'token-not-yet-valid']);

/**
 * Sends a request and answers its JSON (undefined for 204). A problem answer throws ApiProblem; an
 * expired access token is refreshed once (shared with every other request and tab) and the request
 * sent again.
 */
export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const authenticated = options.authenticated ?? true;
  let response = await send(path, options, authenticated ? tokens?.accessToken() : undefined);
  if (response.status === 401 && authenticated && tokens?.accessToken()) {
    const problem = await problemOf(response.clone());
    if (TOKEN_PROBLEMS.has(problem.code)) {
      const fresh = await tokens.refresh();
      if (fresh) {
        response = await send(path, options, fresh);
      }
    }
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (authenticated && tokens?.accessToken()
        && (problem.code === 'account-suspended' || problem.status === 401)) {
      tokens.ended(problem);
    }
    throw problem;
  }
  if (response.status === 204 || response.status === 202) {
    return undefined as T;
  }
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : undefined) as T;
}
