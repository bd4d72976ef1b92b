/**
 * bull-board (`@bull-board/fastify` + `@bull-board/api`) at /admin/queues, for administrators
 * only (issue 19, operations): every BullMQ queue of this deployment with its jobs, failures and
 * retries. Its routes (page, static files, JSON API) all take the policy ['admin'] (app.ts's
 * onRoute hook, `boardPolicy`), so anonymous callers get 401 and other roles 403, like every API.
 *
 * The board's own page posts its actions (retry, clean, promote …) with axios, which echoes a
 * cookie named XSRF-TOKEN in an `x-xsrf-token` header: the page's response sets that cookie (path
 * /admin/queues, not httpOnly) to the session's CSRF token, and server/auth/csrf.ts accepts the
 * header as it accepts `x-csrf-token`. Errors of the policy gate keep the API's status and body.
 */
import type { FastifyPluginAsync, RouteOptions } from 'fastify'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import type { ControllerHandlerReturnType } from '@bull-board/api/typings/app'
import { FastifyAdapter } from '@bull-board/fastify'
import { Queue } from 'bullmq'
import { QUEUES } from '../../domain/queues.ts'
import { AppError } from '../errors.ts'

export const BOARD_PATH = '/admin/queues'

/** The policy of a route registered by the board (`undefined`: not one of its routes). */
export function boardPolicy(route: Pick<RouteOptions, 'url'>): readonly ['admin'] | undefined {
  return route.url === BOARD_PATH || route.url.startsWith(`${BOARD_PATH}/`) ? ['admin'] : undefined
}

/** The adapter, answering the policy gate's errors as the API does (bull-board would say 500). */
class BoardAdapter extends FastifyAdapter {
  override setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): this {
    return super.setErrorHandler((error) => (error instanceof AppError ? { status: error.status as ControllerHandlerReturnType['status'], body: error.toBody() } : handler(error)))
  }
}

const adminQueueBoard: FastifyPluginAsync<{ queuePrefix: string }> = async (app, opts) => {
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection: app.queues.redis, prefix: opts.queuePrefix }))
  for (const q of queues) q.on('error', (err) => app.log.warn({ err: err.message }, 'queue error'))
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => {})))
  })
  const adapter = new BoardAdapter()
  adapter.setBasePath(BOARD_PATH)
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: '任务队列 Queues' } },
  })
  // the page's axios echoes XSRF-TOKEN as x-xsrf-token on its actions (see above)
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && req.user) {
      reply.setCookie('XSRF-TOKEN', req.user.csrfToken, { path: BOARD_PATH, sameSite: 'strict', httpOnly: false, secure: app.auth.cookies.csrf.startsWith('__Host-') })
    }
  })
  await app.register(adapter.registerPlugin(), { prefix: BOARD_PATH })
}

export default adminQueueBoard
