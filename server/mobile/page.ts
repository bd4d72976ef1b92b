/**
 * The page sent for `/m` itself (server/app.ts): to a signed-in reader of the mobile API, the built
 * `m-home.html` (which also preloads the overview's data) with the overview pre-rendered into it
 * (prerender.ts), read by the overview's own query for that user — so the scope is the SQL's,
 * exactly as GET /api/v1/mobile/overview answers it. To anyone else `m.html` (the guard signs in).
 * A build without the slot, or a failed read, gets the page as built: the app reads the API itself.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyReply } from 'fastify'
import type { TypeboxApp } from '../http/typebox-app.ts'
import { sql } from '../../sql/queries.ts'
import { MOBILE_READERS, MOBILE_ZONE } from './constants.ts'
import { MOBILE_PRERENDER_SLOT, mobileHomePage } from './prerender.ts'
import { overviewOf, type OverviewRow } from './read.ts'

export const OVERVIEW_URL = '/api/v1/mobile/overview'

/** Sends /m's page for the session; `dir`: the built dashboard. */
export function mobileHome(app: TypeboxApp, dir: string): (session: string | undefined, reply: FastifyReply) => Promise<FastifyReply> {
  const has = (f: string) => existsSync(path.join(dir, f))
  const mobileHtml = has('m.html') ? 'm.html' : 'index.html'
  const home = has('m-home.html') ? 'm-home.html' : null
  return async (session, reply) => {
    void reply.header('vary', 'cookie')
    if (!home) return reply.sendFile(mobileHtml)
    const user = await app.auth.lookup(session).catch(() => null)
    if (!user?.roles.some((r) => (MOBILE_READERS as readonly string[]).includes(r))) return reply.sendFile(mobileHtml)
    // read at each request, as sendFile would: a rebuilt dashboard is served at once (its new chunk names)
    const shell = await readFile(path.join(dir, home), 'utf8').catch(() => null)
    if (!shell?.includes(MOBILE_PRERENDER_SLOT)) return reply.sendFile(home)
    const now = new Date()
    const row = await app.pg
      .query<OverviewRow>(sql('mobile_overview'), [user.userId, now, MOBILE_ZONE])
      .then((r) => r.rows[0] ?? null)
      .catch(() => null)
    if (!row) return reply.sendFile(home)
    // the leader's own figures: as the mobile API's answers (http/etag.ts), never kept by a shared
    // cache and revalidated by the browser's; not no-store, which would bar /m from the
    // back/forward cache
    return reply
      .header('cache-control', 'private, no-cache')
      .type('text/html; charset=utf-8')
      .send(mobileHomePage(shell, overviewOf(row, now), { url: OVERVIEW_URL, zone: MOBILE_ZONE }))
  }
}
