/**
 * The audit log: hash chain, append-only table, concurrent appends, verification (route and
 * `npm run audit:verify`), tampering found at exactly the altered row.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { latestRecordedAnchor, recordAnchor } from '../audit-anchor.ts'
import { appendAudit, systemActor, verifyAuditChain, withTransaction } from '../audit.ts'
import { main as auditVerify } from '../../scripts/audit-verify.ts'
import { createHarness, createUser, openSession, type Harness, type TestSession } from '../../test/harness.ts'

let h: Harness
let admin: TestSession
beforeAll(async () => {
  h = await createHarness({ withWorkers: false })
  h.db.pool.on('error', () => {}) // DROP DATABASE … WITH (FORCE) may hit clients still closing (test/db.ts)
  const a = await createUser(h.db.pool, { login: 'admin', roles: ['admin'] })
  admin = await openSession(h.db.pool, a)
})
afterAll(async () => {
  await h?.close()
})

const actor = systemActor('test')
const entry = (i: number) => ({
  actor,
  action: 'test.change',
  entity: 'thing',
  entityId: String(i),
  before: { value: i - 1, nested: { b: 2, a: 1 } },
  after: { value: i, when: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), note: '修改 "quoted"' },
  requestId: `req-${i}`,
})
const verifyRoute = async () => {
  const res = await h.app.inject({ method: 'GET', url: '/api/v1/admin/audit/verify', headers: admin.headers })
  expect(res.statusCode).toBe(200)
  return res.json()
}
const head = async () => (await h.db.pool.query('SELECT seq::int AS seq, hash FROM audit_chain_head')).rows[0] as { seq: number; hash: string }

/** Runs the CLI with DATABASE_URL pointing at the test database; returns exit code and stdout. */
async function runVerifyCli(args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const prev = { ...process.env }
  process.env.DATABASE_URL = h.db.url
  Object.assign(process.env, env)
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { code: await auditVerify(args), out }
  } finally {
    spy.mockRestore()
    err.mockRestore()
    for (const k of ['DATABASE_URL', ...Object.keys(env)]) {
      if (prev[k] === undefined) delete process.env[k]
      else process.env[k] = prev[k]
    }
  }
}

describe('appendAudit', () => {
  it('refuses to run outside a transaction', async () => {
    const c = await h.db.pool.connect()
    try {
      await expect(appendAudit(c, entry(0))).rejects.toThrow(/inside an open transaction/)
    } finally {
      c.release()
    }
  })

  it('commits and rolls back with the caller’s transaction', async () => {
    const before = await head()
    await expect(
      withTransaction(h.db.pool, async (c) => {
        await appendAudit(c, entry(1))
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await head()).toEqual(before)
    expect((await h.db.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE seq > $1', [before.seq])).rows[0].n).toBe(0)

    const r = await withTransaction(h.db.pool, (c) => appendAudit(c, entry(1)))
    expect(r.seq).toBe(before.seq + 1)
    expect(await head()).toEqual({ seq: r.seq, hash: r.hash })
    const { rows } = await h.db.pool.query('SELECT actor, action, entity, entity_id, before, after, request_id, prev_hash FROM audit_log WHERE seq = $1', [r.seq])
    expect(rows[0]).toEqual({
      actor: { kind: 'system', id: null, name: 'test' },
      action: 'test.change',
      entity: 'thing',
      entity_id: '1',
      before: { value: 0, nested: { a: 1, b: 2 } },
      after: { value: 1, when: '2025-01-01T00:00:01.000Z', note: '修改 "quoted"' },
      request_id: 'req-1',
      prev_hash: before.hash,
    })
  })

  it('chains concurrent appends without gaps or forks', async () => {
    const start = (await head()).seq
    await Promise.all(Array.from({ length: 40 }, (_, i) => withTransaction(h.db.pool, (c) => appendAudit(c, entry(100 + i)))))
    const { rows } = await h.db.pool.query('SELECT seq::int AS seq FROM audit_log WHERE seq > $1 ORDER BY seq', [start])
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => start + 1 + i))
    expect((await verifyAuditChain(h.db.pool)).ok).toBe(true)
  })
})

describe('the audit table', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(h.db.pool.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/)
    await expect(h.db.pool.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/)
    await expect(h.db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/)
  })

  it('lets the head move only one step, onto the appended row', async () => {
    const hd = await head()
    await expect(h.db.pool.query(`UPDATE audit_chain_head SET seq = seq + 5`)).rejects.toThrow(/审计链头/)
    await expect(h.db.pool.query(`UPDATE audit_chain_head SET hash = repeat('a', 64)`)).rejects.toThrow(/审计链头/)
    await expect(h.db.pool.query(`DELETE FROM audit_chain_head`)).rejects.toThrow(/审计链头/)
    expect(await head()).toEqual(hd)
  })
})

describe('verification', () => {
  afterEach(async () => {
    await h.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
  })

  it('reports an intact chain through the route and the CLI, with the head to anchor', async () => {
    // a real change through the API adds to the same chain
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { login: 'audited', displayName: '被审计', roles: ['leader'] } })
    expect(created.statusCode).toBe(201)
    const hd = await head()
    const v = await verifyRoute()
    expect(v).toMatchObject({ ok: true, checked: hd.seq, head: hd, firstBroken: null })
    const cli = await runVerifyCli()
    expect(cli.code).toBe(0)
    expect(cli.out).toContain(`head ${hd.seq}:${hd.hash}`)
    expect((await runVerifyCli(['--anchor', `${hd.seq}:${hd.hash}`])).code).toBe(0)
    expect((await runVerifyCli(['--anchor', `${hd.seq}:${'0'.repeat(64)}`])).code).toBe(1)
    expect((await runVerifyCli(['--anchor', 'nonsense'])).code).toBe(2)
  })

  it('names exactly the row altered directly in SQL', async () => {
    const hd = await head()
    const target = hd.seq - 3
    await h.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    await h.db.pool.query(`UPDATE audit_log SET after = jsonb_set(after, '{value}', '999') WHERE seq = $1`, [target])
    await h.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')

    const v = await verifyRoute()
    expect(v.ok).toBe(false)
    expect(v.firstBroken).toEqual({ seq: target, reason: 'hash_mismatch' })
    expect(v.checked).toBe(target)
    const cli = await runVerifyCli()
    expect(cli.code).toBe(1)
    expect(cli.out).toContain(`BROKEN at row ${target} (hash_mismatch)`)

    // restore the row: intact again
    await h.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    await h.db.pool.query(`UPDATE audit_log SET after = jsonb_set(after, '{value}', to_jsonb(entity_id::int)) WHERE seq = $1`, [target])
    await h.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
    expect((await verifyRoute()).ok).toBe(true)
  })

  it('names a deleted row, and a changed actor or timestamp', async () => {
    const hd = await head()
    await h.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    await h.db.pool.query(`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE seq = 2`)
    expect((await verifyRoute()).firstBroken).toEqual({ seq: 2, reason: 'hash_mismatch' })
    await h.db.pool.query(`UPDATE audit_log SET at = at - interval '1 millisecond' WHERE seq = 2`)
    await h.db.pool.query(`UPDATE audit_log SET actor = jsonb_set(actor, '{name}', '"someone-else"') WHERE seq = 5`)
    expect((await verifyRoute()).firstBroken).toEqual({ seq: 5, reason: 'hash_mismatch' })
    await h.db.pool.query(`UPDATE audit_log SET actor = jsonb_set(actor, '{name}', '"test"') WHERE seq = 5`)
    expect((await verifyRoute()).ok).toBe(true)

    await h.db.pool.query(`DELETE FROM audit_log WHERE seq = $1`, [hd.seq - 1])
    expect((await verifyRoute()).firstBroken).toEqual({ seq: hd.seq - 1, reason: 'seq_gap' })
  })
})

describe('anchors outside the database (tail truncation)', () => {
  it('records the head in a file and in Redis; deleting the last rows and moving the head back is reported as truncated', async () => {
    // a database of its own: the tests above leave their chain broken on purpose
    const g = await createHarness({ withWorkers: false })
    g.db.pool.on('error', () => {})
    const gAdmin = await openSession(g.db.pool, await createUser(g.db.pool, { login: 'admin', roles: ['admin'] }))
    const verifyRoute = async () => (await g.app.inject({ method: 'GET', url: '/api/v1/admin/audit/verify', headers: gAdmin.headers })).json()
    const head = async () => (await g.db.pool.query('SELECT seq::int AS seq, hash FROM audit_chain_head')).rows[0] as { seq: number; hash: string }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sv-anchor-'))
    const file = path.join(dir, 'audit-anchors.jsonl')
    try {
      await withTransaction(g.db.pool, async (c) => {
        for (let i = 1; i <= 3; i++) await appendAudit(c, entry(100 + i))
      })
      const hd = await head()
      // the server's own record (Redis, the log) and one into a file under a data directory
      const byServer = await g.app.auditAnchors.record()
      expect(byServer).toMatchObject({ seq: hd.seq, hash: hd.hash, rows: hd.seq })
      const inFile = await recordAnchor(g.db.pool, { file, redis: null, redisKey: null })
      expect(inFile.written).toEqual(['file'])
      expect(JSON.parse((await readFile(file, 'utf8')).trim())).toMatchObject({ seq: hd.seq, hash: hd.hash, rows: hd.seq, database: g.db.name })
      // unchanged head: nothing new is written
      expect((await recordAnchor(g.db.pool, { file, redis: null, redisKey: null }, { unchangedSince: inFile.anchor })).written).toEqual([])
      expect((await verifyRoute()).ok).toBe(true)

      // someone able to switch the triggers off cuts the last two rows and sets the head back
      const keep = (await g.db.pool.query<{ seq: number; hash: string }>('SELECT seq::int AS seq, hash FROM audit_log WHERE seq = $1', [hd.seq - 2])).rows[0]!
      await g.db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
      await g.db.pool.query('ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_advance')
      await g.db.pool.query('DELETE FROM audit_log WHERE seq > $1', [keep.seq])
      await g.db.pool.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [keep.seq, keep.hash])
      await g.db.pool.query('ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_advance')
      await g.db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')

      // the chain alone is consistent: without an anchor the cut is invisible…
      expect((await verifyAuditChain(g.db.pool)).ok).toBe(true)
      // …the API compares with the latest anchor by default
      const v = await verifyRoute()
      expect(v).toMatchObject({ ok: false, firstBroken: { seq: keep.seq + 1, reason: 'truncated' }, anchor: { seq: hd.seq, hash: hd.hash } })
      // the CLI too, from Redis (the deployment's prefix) and from the file, each on its own
      const viaRedis = await runVerifyCli([], { DATABASE_URL: g.db.url, QUEUE_PREFIX: g.prefix, AUDIT_ANCHOR_FILE: 'off' })
      expect(viaRedis.code).toBe(1)
      expect(viaRedis.out).toContain(`TRUNCATED at row ${keep.seq + 1} (truncated)`)
      const viaFile = await runVerifyCli([], { DATABASE_URL: g.db.url, QUEUE_PREFIX: 'sv-none', AUDIT_ANCHOR_FILE: file })
      expect(viaFile.code).toBe(1)
      expect(viaFile.out).toContain(`latest anchor ${hd.seq}:${hd.hash}`)
      expect((await runVerifyCli(['--no-recorded-anchors'], { DATABASE_URL: g.db.url, QUEUE_PREFIX: g.prefix, AUDIT_ANCHOR_FILE: file })).code).toBe(0)
      // anchors of another database are not this one's
      expect(await latestRecordedAnchor({ file, redis: null, redisKey: null }, 'another_db')).toBeNull()
    } finally {
      await rm(dir, { recursive: true, force: true })
      await g.close()
    }
  })
})
