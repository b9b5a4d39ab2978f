import { describe, expect, it } from 'vitest';
import { claimsOf } from './claims';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (payload: unknown) => `${encode({ alg: 'RS256' })}.${encode(payload)}.signature`;

describe('reading the access token', () => {
  it('finds the member, territory, roles and scope', () => {
    const claims = claimsOf(token({
      sub: 'a1', aud: 'agora:th', roles: ['territory-admin'], withheld_roles: ['moderator'],
      scope: 'appeal', exp: 1700000000,
    }));
    expect(claims).toEqual({
      subject: 'a1', territory: 'TH', roles: ['territory-admin'], withheldRoles: ['moderator'], scope: 'appeal',
      expiresAt: 1700000000000,
    });
  });
  it('reads names in any script', () => {
    expect(claimsOf(token({ sub: 'ø', aud: ['x:dk'], exp: 1 }))?.subject).toBe('ø');
  });
  it('refuses what is not a token', () => {
    expect(claimsOf('not-a-token')).toBeUndefined();
    expect(claimsOf('a.%%%.c')).toBeUndefined();
  });
});
