/**
 * The application as a plugin: external plugins, then app services, then routes. `server.ts`
 * listens; tests build this and call `inject`.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type Options as AjvOptions } from 'ajv'
import addFormatsModule from 'ajv-formats'
import fastUri from 'fast-uri'
import { randomUUID } from 'node:crypto'
import { errorBody } from '../domain/errors.ts'
import { SURFACES } from '../domain/contracts/surfaces.ts'
import { AppError } from './errors.ts'
import pgPlugin from './plugins/external/pg.ts'
import dbOutagePlugin, { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './plugins/external/db-outage.ts'
import queuesPlugin from './plugins/external/queues.ts'
import realtimePlugin from './plugins/external/socketio.ts'
import policyPlugin, { trackRoutePolicies } from './plugins/app/policy.ts'
import xmlBody from './plugins/app/xml-body.ts'
import bodyText from './plugins/app/body-text.ts'
import textGuard from './plugins/app/text-guard.ts'
import metricsPlugin from './plugins/app/metrics.ts'
import departmentsPlugin from './plugins/app/departments.ts'
import auditAnchorPlugin from './plugins/app/audit-anchor.ts'
import healthRoutes from './routes/health.ts'
import eventRoutes from './routes/events.ts'
import authRoutes from './routes/auth.ts'
import userRoutes from './routes/users.ts'
import caseRoutes from './routes/cases.ts'
import petitionRoutes from './routes/petitions.ts'
import petitionAttachmentRoutes from './routes/petition-attachments.ts'
import adminAuditRoutes from './routes/admin-audit.ts'
import calendarRoutes from './routes/calendar.ts'
import explainRoutes from './routes/explain.ts'
import schemeRoutes from './routes/schemes.ts'
import ruleChangeRoutes from './routes/rule-changes.ts'
import cardRoutes from './routes/cards.ts'
import windowRoutes from './routes/window.ts'
import windowPetitionRoutes from './routes/window-petitions.ts'
import wallRoutes from './routes/wall.ts'
import orderRoutes from './routes/orders.ts'
import urgingRoutes from './routes/urgings.ts'
import notificationRoutes from './routes/notifications.ts'
import caseExportRoutes from './routes/case-export.ts'
import consoleRoutes from './routes/console.ts'
import { AUDIT_ANCHOR_EVERY_MS, type ServerConfig } from './config.ts'
import configPlugin from './plugins/app/config.ts'
import statisticsRoutes from './routes/statistics.ts'
import performanceRoutes from './routes/performance.ts'
import publicGuideRoutes from './routes/public-guide.ts'
import publicComplaintRoutes from './routes/public-complaints.ts'
import publicCaseRoutes from './routes/public-cases.ts'
import publicDataRoutes from './routes/public-data.ts'
import { registerPublicEtag } from './public/etag.ts'
import { registerPublicInvalidation } from './public/cache.ts'
import announcementRoutes from './routes/announcements.ts'
import publicAnswerRoutes from './routes/public-answers.ts'
import publicSearchRoutes from './routes/public-search.ts'
import publicPageRoutes from './routes/public-pages.ts'
import adminOrgRoutes from './routes/admin-org.ts'
import adminItemRoutes from './routes/admin-items.ts'
import adminKeyRoutes from './routes/admin-keys.ts'
import adminOpsRoutes from './routes/admin-ops.ts'
import adminQueueBoard, { boardPolicy } from './routes/admin-queue-board.ts'
import petitionLimitPreview from './routes/petition-limit-preview.ts'
import mobileRoutes from './routes/mobile.ts'
import pushRoutes from './routes/push.ts'
import type { TypeboxApp } from './http/typebox-app.ts'
import { mobileHome } from './mobile/page.ts'

/** Personal data never reaches the logs: request bodies are not logged, these paths are redacted. */
export const LOG_REDACT = ['req.headers["x-api-key"]', 'req.headers.cookie', 'req.headers.authorization', '*.applicant', '*.citizen', '*.idNumber', '*.phone', '*.email']

export async function buildApp(config: ServerConfig, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger: opts.logger ?? { level: config.logLevel, redact: LOG_REDACT },
    trustProxy: config.trustProxy ?? false,
    genReqId: () => randomUUID(), // request ids go into audit rows: unique across restarts and instances
    ...opts,
  }).withTypeProvider<TypeBoxTypeProvider>()

  setValidators(app)
  setErrorHandlers(app)
  await registerDocs(app)
  await registerServices(app, config)
  registerPublicEtag(app)
  registerPublicInvalidation(app)
  // routes
  await app.register(healthRoutes, { metrics: config.metrics ?? { token: null, listen: null }, simulatedData: config.simulatedData ?? false })
  await app.register(eventRoutes)
  await app.register(authRoutes)
  await app.register(userRoutes)
  await app.register(caseRoutes)
  await app.register(petitionRoutes)
  await app.register(petitionAttachmentRoutes)
  await app.register(adminAuditRoutes)
  await app.register(calendarRoutes)
  await app.register(explainRoutes)
  await app.register(schemeRoutes)
  await app.register(ruleChangeRoutes)
  await app.register(petitionLimitPreview)
  await app.register(cardRoutes)
  await app.register(windowRoutes)
  await app.register(windowPetitionRoutes)
  await app.register(wallRoutes, { queuePrefix: config.queuePrefix, jurisdictionCode: config.wallJurisdiction ?? null })
  await app.register(orderRoutes)
  await app.register(urgingRoutes)
  await app.register(notificationRoutes)
  await app.register(caseExportRoutes)
  await app.register(consoleRoutes)
  await app.register(statisticsRoutes)
  await app.register(performanceRoutes)
  await app.register(publicGuideRoutes)
  await app.register(publicComplaintRoutes, { queuePrefix: config.queuePrefix })
  await app.register(publicCaseRoutes, { queuePrefix: config.queuePrefix })
  await app.register(publicDataRoutes)
  await app.register(announcementRoutes)
  await app.register(publicAnswerRoutes, { queuePrefix: config.queuePrefix })
  await app.register(publicSearchRoutes)
  await app.register(publicPageRoutes, { dashboardDir: config.dashboardDir })
  // the administration (/admin): organisation, item catalogue, source keys, operations
  await app.register(adminOrgRoutes)
  await app.register(adminItemRoutes)
  await app.register(adminKeyRoutes)
  await app.register(adminOpsRoutes, { queuePrefix: config.queuePrefix })
  await app.register(adminQueueBoard, { queuePrefix: config.queuePrefix })
  await app.register(mobileRoutes)
  await app.register(pushRoutes)

  await serveDashboard(app, config)
  return app
}

/** Request validation: strict for JSON bodies, coercing for text parts. */
function setValidators(app: TypeboxApp): void {
  // JSON bodies are typed already: validate them strictly, never coerce (with coercion `null` and
  // `false` turn into each other in a null-or-boolean field). Query strings, params and headers are
  // text: coerce them to the schema's types, as fastify does by default.
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
  const ajvOptions: AjvOptions = { useDefaults: true, removeAdditional: false, uriResolver: fastUri, addUsedSchema: false, allErrors: false, strict: false }
  const bodyAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: false }))
  const textAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: 'array' }))
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))
}

/** Every error answers with the catalogue's code (domain/errors.ts); unknown paths are 404. */
function setErrorHandlers(app: TypeboxApp): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(err.toBody())
    const code = err.code
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('BODY_TOO_LARGE'))
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE'))
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      return reply.code(400).send(errorBody('INVALID_JSON'))
    }
    if (err.validation) return reply.code(400).send(errorBody('VALIDATION_FAILED', err.message))
    if (err.statusCode === 429) return reply.code(429).send(errorBody('RATE_LIMITED'))
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody('BAD_REQUEST', err.message))
    }
    if (isDatabaseUnavailable(err)) {
      app.dbOutage.failed(err, req.log)
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(errorBody('UNAVAILABLE', 'database'))
    }
    req.log.error({ err }, 'unhandled error')
    return reply.code(500).send(errorBody('INTERNAL'))
  })
  app.setNotFoundHandler({}, (_req, reply) => reply.code(404).send(errorBody('NOT_FOUND')))
}

/** Content types, the route policy table, and the OpenAPI document with its UI at /docs. */
async function registerDocs(app: TypeboxApp): Promise<void> {
  // Fastify accepts text/plain by default; this API does not.
  app.removeContentTypeParser('text/plain')
  // The API documentation is public by policy (swagger-ui registers its routes itself).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), policy: 'public' }
    // bull-board at /admin/queues registers its routes itself: administrators only
    const board = boardPolicy(route)
    if (board) route.config = { ...(route.config ?? {}), policy: board }
  })
  // The policy table: every route and its policy, as registered (after the /docs hook above).
  trackRoutePolicies(app)

  // external
  await app.register(swagger, {
    openapi: {
      // 3.1: its schema objects are JSON Schema 2020-12, which is what TypeBox writes (numeric
      // exclusiveMinimum, type arrays); server/test/openapi.test.ts validates the document
      openapi: '3.1.0',
      info: { title: '行政审批电子监察指挥中心 API', version: '0.1.0', description: 'Supervision command centre API' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
}

/** Configuration, database, queues, then the app services the routes use. */
async function registerServices(app: TypeboxApp, config: ServerConfig): Promise<void> {
  await app.register(configPlugin, { config })
  await app.register(pgPlugin, { connectionString: config.databaseUrl, ...(config.databaseReadUrl ? { readConnectionString: config.databaseReadUrl, readMaxLagMs: config.readMaxLagMs ?? 2000 } : {}) })
  await app.register(dbOutagePlugin)
  await app.register(queuesPlugin, { redisUrl: config.redisUrl, prefix: config.queuePrefix, enqueueTimeoutMs: config.enqueueTimeoutMs })
  // app services
  await app.register(policyPlugin, { config })
  await app.register(realtimePlugin, { redisUrl: config.redisUrl, prefix: config.queuePrefix })
  await app.register(bodyText)
  await app.register(textGuard)
  await app.register(xmlBody)
  await app.register(metricsPlugin)
  await app.register(departmentsPlugin)
  await app.register(auditAnchorPlugin, { file: config.auditAnchorFile ?? null, everyMs: config.auditAnchorEveryMs ?? AUDIT_ANCHOR_EVERY_MS, queuePrefix: config.queuePrefix })
}

/** The built dashboard (Vue SPA), when present. */
async function serveDashboard(app: TypeboxApp, config: ServerConfig): Promise<void> {
  if (config.dashboardDir && existsSync(config.dashboardDir)) {
    await app.register(fastifyStatic, {
      root: config.dashboardDir, prefix: '/', wildcard: false,
      // the build writes .br and .gz beside each text asset (dashboard/precompress.ts): sent to
      // browsers that accept them, the file itself to the others
      preCompressed: true,
      // the mobile dashboard's service worker controls /m itself, one level above its own folder
      setHeaders: (res, file) => {
        // (`file` is the copy sent: sw.js.br or sw.js.gz to a browser that accepts them)
        if (/\/m\/sw\.js(\.br|\.gz)?$/.test(file)) void res.header('service-worker-allowed', '/m')
      },
    })
    // /m has pages of its own (dashboard/mobileHtml.ts): index.html that preloads /m's first chunks
    // and the session; for /m itself, to a signed-in reader of the overview, its data too and the
    // overview pre-rendered (mobile/page.ts; a preload made before signing in would answer the
    // overview's first read after it with a 401)
    const dir = config.dashboardDir
    const mobileHtml = existsSync(path.join(dir, 'm.html')) ? 'm.html' : 'index.html'
    const sendMobileHome = mobileHome(app, dir)
    // every surface of the registry (domain/contracts/surfaces.ts) and its sub-paths: the SPA's page
    for (const { path: route } of SURFACES) {
      const page = route === '/m' ? mobileHtml : 'index.html'
      // the public site's home page is pre-rendered (routes/public-pages.ts); its sub-paths are the SPA's
      if (route !== '/public') app.get(`${route}`, { config: { policy: 'public' }, schema: { hide: true } }, async (req, reply) => {
        if (route !== '/m') return reply.sendFile(page)
        return sendMobileHome(req.cookies[app.auth.cookies.session], reply)
      })
      app.get(`${route}/*`, { config: { policy: 'public' }, schema: { hide: true } }, (_req, reply) => reply.sendFile(page))
    }
  }
}
