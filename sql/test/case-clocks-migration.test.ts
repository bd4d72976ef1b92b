/**
 * Migration 040 (case clocks in a table of their own) migrates existing data: a database migrated
 * up to 031 with case rows carrying their clock columns, then 040 applied → one case_clocks row per
 * case with the same dates, level, next transition and inputs; the provisional flag and the stop
 * taken from the old `clock` jsonb; open cases with stage limits handed to their next projection
 * (no inputs); the clock columns gone from `cases`.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/db.ts'
import { forcePlain } from '../../test/pglite.ts'
import { migrate, MIGRATIONS_DIR } from '../migrate.ts'

const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('migration 040.case_clocks', () => {
  it('moves every case clock into case_clocks and drops the columns from cases', async () => {
    const db = await createTestDatabase('sql_mig040', { migrate: false })
    cleanups.push(() => db.drop())
    await forcePlain(db)
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-040-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    // every migration from 040 on (100 and later too) is left out of the first run
    await cp(MIGRATIONS_DIR, dir, { recursive: true, filter: (src) => !/\/(0[4-9]\d|[1-9]\d\d)\.[^/]*\.sql$/.test(src) })
    const c = new pg.Client({ connectionString: db.url })
    await c.connect()
    cleanups.push(() => c.end())
    const before = await migrate(c, { dir })
    expect(before.applied.at(-1)).toBe('031.audit.sql')

    const state = (caseNo: string, stageLimits: Record<string, unknown>) => JSON.stringify({ caseNo, stageLimits, stages: [] })
    await c.query(
      `INSERT INTO cases (case_no, department_code, item_code, status, state, event_count, last_occurred_at, jurisdiction_code, time_zone,
                          overdue_cards, clock_status, clock, deadline_date, legal_deadline_date, warning_from, yellow_from, red_from, level,
                          next_transition_at, clock_accepted, clock_start, limit_value, limit_unit, legal_limit_value, legal_limit_unit,
                          excluded_from, excluded_to, restart_requested, restart_supplied, warning_offset, yellow_offset, red_offset, version)
       VALUES ('M-1', 'D1', 'I1', 'undertaken', $1, 3, now(), '440204', 'Asia/Shanghai', false, 'running',
               '{"status":"running","provisional":true,"stop":null}', '2026-12-18', '2027-01-08', '2026-12-18', '2026-12-21', '2026-12-25', 'yellow',
               '2026-12-24T16:00:00Z', '2026-11-20', '2026-11-20', 20, 'workday', 30, 'workday', '{2026-11-25}', '{2026-11-27}', '{}', '{}', 0, 1, 5, 7),
              ('M-2', 'D1', 'I1', 'suspended', $2, 4, now(), '440204', 'Asia/Shanghai', true, 'stopped',
               '{"status":"stopped","provisional":false,"stop":{"reason":"suspension","since":"2026-11-24","expectedEnd":"2026-12-01","overrun":false}}',
               NULL, NULL, NULL, NULL, NULL, 'normal', '2026-12-01T16:00:00Z', '2026-11-20', '2026-11-20', 10, 'day', NULL, NULL,
               '{2026-11-24}', '{NULL}', '{}', '{}', 0, 1, 5, 2)`,
      [state('M-1', {}), state('M-2', { undertaken: { value: 2, unit: 'workday' } })],
    )

    const after = await migrate(c)
    expect(after.applied).toEqual(expect.arrayContaining(['040.case_clocks.sql']))
    const { rows } = await c.query(
      `SELECT case_no, jurisdiction_code, department_code, item_code, time_zone, overdue_cards, clock_status, level,
              next_transition_at, deadline_date::text, legal_deadline_date::text, warning_from::text, yellow_from::text, red_from::text,
              provisional, stop, clock_accepted::text, limit_value, limit_unit, legal_limit_value, excluded_from::text, excluded_to::text,
              warning_offset, yellow_offset, red_offset, version, stage_warning_from, stage_watch
       FROM case_clocks ORDER BY case_no`,
    )
    expect(rows).toEqual([
      {
        case_no: 'M-1', jurisdiction_code: '440204', department_code: 'D1', item_code: 'I1', time_zone: 'Asia/Shanghai', overdue_cards: false,
        clock_status: 'running', level: 'yellow', next_transition_at: new Date('2026-12-24T16:00:00Z'), deadline_date: '2026-12-18',
        legal_deadline_date: '2027-01-08', warning_from: '2026-12-18', yellow_from: '2026-12-21', red_from: '2026-12-25', provisional: true,
        stop: null, clock_accepted: '2026-11-20', limit_value: 20, limit_unit: 'workday', legal_limit_value: 30,
        excluded_from: '{2026-11-25}', excluded_to: '{2026-11-27}', warning_offset: 0, yellow_offset: 1, red_offset: 5, version: '7',
        stage_warning_from: null, stage_watch: null,
      },
      {
        case_no: 'M-2', jurisdiction_code: '440204', department_code: 'D1', item_code: 'I1', time_zone: 'Asia/Shanghai', overdue_cards: true,
        clock_status: 'stopped', level: 'normal', next_transition_at: new Date('2026-12-01T16:00:00Z'), deadline_date: null,
        legal_deadline_date: null, warning_from: null, yellow_from: null, red_from: null, provisional: false,
        stop: { reason: 'suspension', since: '2026-11-24', expectedEnd: '2026-12-01', overrun: false },
        // stage limits: no inputs, so that the next recompute hands it to the projection
        clock_accepted: null, limit_value: 10, limit_unit: 'day', legal_limit_value: null,
        excluded_from: '{2026-11-24}', excluded_to: '{NULL}', warning_offset: 0, yellow_offset: 1, red_offset: 5, version: '2',
        stage_warning_from: null, stage_watch: null,
      },
    ])
    const { rows: cols } = await c.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name IN ('level', 'deadline_date', 'clock', 'next_transition_at', 'clock_status')`,
    )
    expect(cols).toEqual([])
    // the case rows themselves are untouched
    expect((await c.query(`SELECT case_no, status, event_count, version::int FROM cases ORDER BY case_no`)).rows).toEqual([
      { case_no: 'M-1', status: 'undertaken', event_count: 3, version: 7 },
      { case_no: 'M-2', status: 'suspended', event_count: 4, version: 2 },
    ])
    // the recompute lock now covers case_clocks too
    await c.query('BEGIN')
    await c.query('SELECT clock_recompute_lock()')
    const { rows: locks } = await c.query(
      `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND l.mode = 'ExclusiveLock' ORDER BY 1`,
    )
    await c.query('ROLLBACK')
    expect(locks.map((l) => l.relname)).toEqual(['case_clocks', 'cases'])
  })
})
