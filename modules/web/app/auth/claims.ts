// What the app reads from its own access token: who, which territory, which roles, which scope.
// It trusts the claims only to choose what to show; the API checks the token on every request.

export interface Claims {
  subject: string;
  territory?: string;
  roles: string[];
  withheldRoles: string[];
  scope?: string;
  expiresAt: number;
}

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a JWT (not verified: the pod does that), or undefined when it is not one. */
export function claimsOf(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  try {
    const payload = decodeSegment(parts[1]) as Record<string, unknown>;
    const audiences = ([] as unknown[]).concat(payload.aud ?? []).map(String);
    // The audience names the territory in lower case after the prefix (`agora:th`).
    const territory = audiences.map((a) => /(?:^|[:/])([A-Za-z]{2})$/.exec(a)?.[1]?.toUpperCase()).find(Boolean);
    const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
    return {
      subject: String(payload.sub ?? ''),
      territory,
      roles: list(payload.roles),
      withheldRoles: list(payload.withheld_roles),
      scope: typeof payload.scope === 'string' ? payload.scope : undefined,
      expiresAt: Number(payload.exp ?? 0) * 1000,
    };
  } catch {
    return undefined;
  }
}
