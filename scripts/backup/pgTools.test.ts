import { describe, expect, it } from 'vitest'
import { chooseTool, majorOf, noToolMessage } from './pgTools.ts'

const t = (major: number, p = `/pg${major}/pg_dump`) => ({ major, path: p, version: `pg_dump (PostgreSQL) ${major}.1` })

describe('chooseTool', () => {
  it("takes the target server's own major version when it qualifies", () => {
    expect(chooseTool([t(18), t(15), t(17)], { min: 15, prefer: 15 })?.major).toBe(15)
    expect(chooseTool([t(15), t(18)], { min: 15, prefer: 18 })?.major).toBe(18)
  })
  it('else the oldest version that is new enough', () => {
    expect(chooseTool([t(18), t(17)], { min: 15, prefer: 15 })?.major).toBe(17)
    // an archive written by pg_dump 17 cannot be read by pg_restore 15, even for a 15 server
    expect(chooseTool([t(15), t(18), t(17)], { min: 17, prefer: 15 })?.major).toBe(17)
  })
  it('finds none when every one is too old', () => {
    expect(chooseTool([t(15), t(14)], { min: 18, prefer: 18 })).toBeNull()
    expect(chooseTool([], { min: 15, prefer: 15 })).toBeNull()
  })
  it('keeps the first found of a major (the order of the search path)', () => {
    expect(chooseTool([t(15, '/a/pg_dump'), t(15, '/b/pg_dump')], { min: 15, prefer: 15 })?.path).toBe('/a/pg_dump')
  })
})

describe('majorOf', () => {
  it('reads the major version of tool and server version strings', () => {
    expect(majorOf('pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)')).toBe(15)
    expect(majorOf('18.4')).toBe(18)
    expect(majorOf('9.6.24')).toBe(9)
    expect(majorOf('no digits')).toBeNull()
  })
})

describe('noToolMessage', () => {
  it('says what was found and what to install, in English and Chinese', () => {
    const m = noToolMessage('pg_dump', { min: 18, prefer: 18 }, [t(15)])
    expect(m).toContain('No pg_dump of PostgreSQL 18 or later was found (found: 15 at /pg15/pg_dump)')
    expect(m).toContain('postgresql-client-18')
    expect(m).toContain('未找到 PostgreSQL 18')
  })
})
