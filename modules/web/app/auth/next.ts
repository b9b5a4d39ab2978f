/**
 * Where to go after signing in: a path of this app from `?next=`, never another origin
 * (`//evil.example`, `https://…`, `/\\evil.example`), so a crafted sign-in link cannot send a member away.
 */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
