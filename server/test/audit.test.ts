/**
 * The audit log: hash chain, append-only table, concurrent appends, verification (route and
 * `npm run audit:verify`), tampering found at exactly the altered row.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
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
async function runVerifyCli(args: string[] = []): Promise<{ code: number; out: string }> {
  const prev = process.env.DATABASE_URL
  process.env.DATABASE_URL = h.db.url
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
    process.env.DATABASE_URL = prev
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
    expect(v).toEqual({ ok: true, checked: hd.seq, head: hd, firstBroken: null })
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
