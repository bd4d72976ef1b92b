/**
 * Page-view counting (访问量统计): one POST /api/v1/statistics/visits per navigation with the
 * surface and the route path only — no user, no query string, and identifiers (any path segment
 * with a digit: case numbers, ids) folded to `:id` before it leaves the browser.
 */
import { apiFetch } from '../../api/client.ts'
import type { VisitSurface } from '../../../../domain/statistics/contract.ts'
import { VISIT_SURFACES } from '../console/statistics/constants.ts'

/** The beacon's body for a route path, or null for paths that are not a surface's page. */
export function visitOf(path: string): { surface: VisitSurface; page: string } | null {
  const clean = path.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/'
  const first = clean.split('/')[1] ?? ''
  const surface = (first === '' ? 'landing' : first) as VisitSurface
  if (!VISIT_SURFACES.includes(surface)) return null
  const page = clean.split('/').map((s) => (/[0-9]/.test(s) ? ':id' : s.replace(/[^A-Za-z0-9_-]/g, ''))).join('/') || '/'
  return { surface, page: page.slice(0, 120) }
}

/** Sends the beacon; failures are ignored (counting must never disturb a page). */
export function sendVisit(path: string): void {
  const body = visitOf(path)
  if (body) void apiFetch('/api/v1/statistics/visits', { method: 'POST', body }).catch(() => undefined)
}
