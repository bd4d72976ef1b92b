/** Database rows (snake_case, Dates) → API objects (camelCase, ISO strings). */
export type ApiRow = Record<string, unknown>

const camelKey = (k: string) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())

/** A row with camelCase keys and Dates as ISO strings (one level; jsonb members are already camelCase). */
export function camelRow(row: Record<string, unknown>): ApiRow {
  const out: ApiRow = {}
  for (const [k, v] of Object.entries(row)) out[camelKey(k)] = v instanceof Date ? v.toISOString() : v
  return out
}

import type { Json } from '../domain/audit/types.ts'

/** A value as plain JSON (for audit before/after): Dates become ISO strings. */
export const asJson = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json
