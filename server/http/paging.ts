/**
 * Paging parameters in query strings. The app validates without type coercion (numbers in JSON
 * bodies must be numbers), so query-string integers are declared as digit strings and converted here.
 */
import Type from 'typebox'
import { AppError } from '../errors.ts'

export const Digits = (description: string) => Type.String({ pattern: '^[0-9]{1,9}$', description })

export const PagingQuery = {
  limit: Type.Optional(Digits('page size (default 50, at most 500)')),
  offset: Type.Optional(Digits('rows to skip (default 0)')),
}

/** An integer from a digit string within [min, max]; the default when absent; VALIDATION_FAILED otherwise. */
export function intParam(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('VALIDATION_FAILED', `querystring/${name} must be an integer from ${min} to ${max}`)
  return n
}

/** limit and offset of a paged list. */
export function paging(q: { limit?: string; offset?: string }, maxLimit = 500): { limit: number; offset: number } {
  return { limit: intParam('limit', q.limit, 50, 1, maxLimit), offset: intParam('offset', q.offset, 0, 0, 1_000_000) }
}
