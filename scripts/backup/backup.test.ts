/**
 * Backup and restore against the real PostgreSQL (DATABASE_URL), with the pg_dump / pg_restore of
 * its major version: a restored database has the same events, cases and audit chain, verified
 * against the head recorded in the backup; a damaged dump, a manifest whose head the chain does
 * not reach, and a non-empty target are refused or reported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseLifecycle, petitionLifecycle } from '../../domain/events/fixtures.ts'
import { baseDatabaseUrl, uniqueName } from '../../test/db.ts'
import { createHarness, createUser, DEPTS, type Harness } from '../../test/harness.ts'
import { backup, DUMP, MANIFEST, type Manifest } from '../backup.ts'
import { restore } from '../restore.ts'
import type { AuditAnchor } from './sidecars.ts'

const T0 = Date.parse('2026-11-02T01:00:00Z')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'backup-test-'))
const created: string[] = []
let h: Harness
let dir: string
let manifest: Manifest
let eventCount = 0

const urlOf = (db: string) => {
  const u = new URL(baseDatabaseUrl())
  u.pathname = `/${db}`
  return u.toString()
}
const quiet = () => {}

async function query<T extends pg.QueryResultRow>(db: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: urlOf(db) })
  await c.connect()
  try {
    return (await c.query<T>(text)).rows
  } finally {
    await c.end()
  }
}

beforeAll(async () => {
  h = await createHarness()
  const events = [...['BK-1', 'BK-2', 'BK-3'].flatMap((c, i) => caseLifecycle(c, DEPTS[i]!, T0 + i * 3_600_000, { supplement: i !== 1, suspend: i === 2, fee: 50 })), ...petitionLifecycle('BKP-1', DEPTS[0], T0)]
  eventCount = events.length
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'x-api-key': h.key }, payload: events })
  expect(res.statusCode).toBe(202)
  // audited changes: two users
  await createUser(h.db.pool, { login: 'backup.admin', roles: ['admin'] })
  await createUser(h.db.pool, { login: 'backup.super', roles: ['supervisor'], jurisdictionCode: '440204' })
  await h.waitProjected()
  dir = path.join(tmp, 'b1')
  manifest = (await backup({ databaseUrl: h.db.url, out: dir, log: quiet })).manifest
}, 120_000)

afterAll(async () => {
  await h?.close()
  const admin = new pg.Client({ connectionString: baseDatabaseUrl() })
  await admin.connect()
  for (const db of created) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
  await admin.end()
  rmSync(tmp, { recursive: true, force: true })
})

describe('npm run backup', () => {
  it('records the audit head and chain length of the dumped snapshot', async () => {
    const audit = manifest.sidecars.audit as AuditAnchor
    const [head] = await query<{ seq: string; hash: string }>(h.db.name, 'SELECT seq, hash FROM audit_chain_head')
    const [n] = await query<{ n: string }>(h.db.name, 'SELECT count(*) AS n FROM audit_log')
    expect(audit.chainLength).toBeGreaterThanOrEqual(2)
    expect(audit).toMatchObject({ head: { seq: Number(head!.seq), hash: head!.hash }, chainLength: Number(n!.n) })
    expect(manifest.sidecars.counts).toMatchObject({ events: eventCount, cases: 3, petitions: 1 })
    expect(manifest.pgDump.major).toBe(manifest.server.major)
    expect(manifest.dump.sha256).toMatch(/^[0-9a-f]{64}$/)
    // personal data inside: readable by the owner only
    const { statSync } = await import('node:fs')
    expect(statSync(path.join(dir, DUMP)).mode & 0o077).toBe(0)
    expect(statSync(path.join(dir, MANIFEST)).mode & 0o077).toBe(0)
  })
})

describe('npm run restore', () => {
  it('restores into a new database with the same data, the chain verified against the recorded head, every case equal to a fresh fold', async () => {
    const db = uniqueName('rs')
    created.push(db)
    const r = await restore({ databaseUrl: urlOf(db), dir, create: true, log: quiet })
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([['audit', true], ['counts', true], ['cases', true]])
    expect(r.ok).toBe(true)
    expect(r.checks.find((c) => c.name === 'cases')!.detail).toMatch(/^3 cases equal a fresh fold/)
    const sum = `SELECT (SELECT count(*) FROM events) AS events, (SELECT string_agg(case_no || ':' || status || ':' || fee_charged, ',' ORDER BY case_no) FROM cases) AS cases, (SELECT string_agg(hash, ',' ORDER BY seq) FROM audit_log) AS chain`
    expect(await query(db, sum)).toEqual(await query(h.db.name, sum))
    // the restored database keeps its guards: the audit log stays append-only
    await expect(query(db, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/)
  })

  it('reports a chain that does not reach the recorded head (a truncated or rewritten tail)', async () => {
    const forged = path.join(tmp, 'forged')
    rmSync(forged, { recursive: true, force: true })
    const m = structuredClone(manifest)
    const audit = m.sidecars.audit as AuditAnchor
    audit.head = { seq: audit.head.seq + 1, hash: 'f'.repeat(64) }
    audit.chainLength += 1
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(forged)
    copyFileSync(path.join(dir, DUMP), path.join(forged, DUMP))
    writeFileSync(path.join(forged, MANIFEST), JSON.stringify(m))
    const db = uniqueName('rs')
    created.push(db)
    const r = await restore({ databaseUrl: urlOf(db), dir: forged, create: true, log: quiet })
    expect(r.ok).toBe(false)
    const a = r.checks.find((c) => c.name === 'audit')!
    expect(a.ok).toBe(false)
    expect(a.detail).toMatch(/anchor_mismatch|missing_tail|truncated/)
    expect(r.checks.find((c) => c.name === 'cases')!.ok).toBe(true)
  })

  it('refuses a damaged dump before touching the target, and a target that is not empty', async () => {
    const damaged = path.join(tmp, 'damaged')
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(damaged, { recursive: true })
    const bytes = readFileSync(path.join(dir, DUMP))
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff
    writeFileSync(path.join(damaged, DUMP), bytes)
    copyFileSync(path.join(dir, MANIFEST), path.join(damaged, MANIFEST))
    const db = uniqueName('rs')
    await expect(restore({ databaseUrl: urlOf(db), dir: damaged, create: true, log: quiet })).rejects.toThrow(/does not match its manifest/)
    // not even created
    expect(await query<{ n: string }>('postgres', `SELECT count(*) AS n FROM pg_database WHERE datname = '${db}'`)).toEqual([{ n: '0' }])

    await expect(restore({ databaseUrl: h.db.url, dir, log: quiet })).rejects.toThrow(/is not empty/)
  })
})
