/**
 * The HTTP contract: `/docs/json` is a valid OpenAPI document (checked by a standard validator,
 * @apidevtools/swagger-parser, against the OpenAPI 3.1 schema and its references), and every
 * route documents its responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import SwaggerParser from '@apidevtools/swagger-parser'
import { createHarness, type Harness } from '../../test/harness.ts'

let h: Harness
let doc: { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }

beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  const res = await h.app.inject({ method: 'GET', url: '/docs/json' })
  expect(res.statusCode).toBe(200)
  doc = res.json()
})
afterAll(async () => {
  await h?.close()
})

describe('OpenAPI document', () => {
  it('declares OpenAPI 3.1 and validates', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    // validate() dereferences, so give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy()
  })

  it('is rejected by the validator when it is broken (the check is real)', async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, unknown>> }
    const first = Object.keys(broken.paths)[0]!
    broken.paths[first] = { get: { responses: 'none' } }
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow()
  })

  it('documents the responses of every route', () => {
    const missing: string[] = []
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses ?? {})
        // a documented answer: a status with a schema, not only fastify's default "200: Default Response"
        const described = codes.some((c) => {
          const r = op.responses![c] as { content?: unknown; description?: string }
          return r.content !== undefined || (c === '204' || c.startsWith('3'))
        })
        if (!described) missing.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(missing).toEqual([])
  })
})
