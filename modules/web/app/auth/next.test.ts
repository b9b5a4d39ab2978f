import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

describe('where sign-in leads', () => {
  it('is the page the member came from', () => {
    expect(safeNext('/invitations?x=1')).toBe('/invitations?x=1');
  });
  it('is never another origin', () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', null]) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
