/**
 * The preamble of the public read routes about one jurisdiction: the one asked for
 * (`?jurisdiction=`), else the site's default (public/cache.ts `defaultJurisdiction`, reused for a
 * minute); `404 NOT_FOUND` when there is none. With `cache`, the answer's Cache-Control is set once
 * the jurisdiction is known (an error keeps the default headers).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { AppError } from '../errors.ts'
import { defaultJurisdiction } from './cache.ts'

export async function publicJurisdiction(
  app: FastifyInstance,
  query: { jurisdiction?: string | undefined },
  cache?: { reply: FastifyReply; control: string },
): Promise<string> {
  const code = query.jurisdiction || (await defaultJurisdiction(app))
  if (!code) throw new AppError('NOT_FOUND', 'no jurisdiction')
  cache?.reply.header('cache-control', cache.control)
  return code
}
