/**
 * Where to go after signing in: a path on this site only (`/console?x=1`), never another origin
 * (`//evil.example`, `https://…`, `/\\evil`). Anything else → `/`.
 */
export function safeNext(next: unknown): string {
  const v = Array.isArray(next) ? next[0] : next
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || v.includes('\n')) return '/'
  return v.startsWith('/login') ? '/' : v
}
