/**
 * The Fastify instance a route plugin receives, with the TypeBox type provider: the type of
 * `app` inside a `FastifyPluginAsyncTypebox`. Route files split their routes into
 * `registerXRoutes(app: TypeboxApp)` functions, one per route group, and the plugin calls them.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'

export type TypeboxApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression<RawServerDefault>, RawReplyDefaultExpression<RawServerDefault>, FastifyBaseLogger, TypeBoxTypeProvider>
