import { describe, expect, it } from 'vitest'
import { snapshot } from './_fixtures.ts'
import { WALL_SCHEMA_VERSION } from './wall.ts'
import { upgradeWallDelta, upgradeWallSnapshot, wallSchemaVersionOf, WALL_SCHEMA_VERSIONS } from './wallSchema.ts'

const v1 = (version: number) => {
  const { schemaVersion: _v, ...rest } = snapshot(version)
  return { ...rest, schema: 1 as const }
}

describe('wallSchema', () => {
  it('knows every version up to the current one, the current last', () => {
    expect(WALL_SCHEMA_VERSIONS.at(-1)).toBe(WALL_SCHEMA_VERSION)
    expect([...WALL_SCHEMA_VERSIONS]).toEqual(Array.from({ length: WALL_SCHEMA_VERSION }, (_, i) => i + 1))
  })
  it('reads the declared version from `schemaVersion`, or `schema` for version 1', () => {
    expect(wallSchemaVersionOf(snapshot(1))).toBe(2)
    expect(wallSchemaVersionOf(v1(1))).toBe(1)
    expect(wallSchemaVersionOf({ schemaVersion: 3, schema: 1 })).toBe(3)
    expect(wallSchemaVersionOf({})).toBeNull()
    expect(wallSchemaVersionOf(null)).toBeNull()
    expect(wallSchemaVersionOf({ schemaVersion: '2' })).toBeNull()
  })
  it('upgrades a v1 snapshot and delta to the current shape, without mutating them', () => {
    const old = v1(5)
    const copy = structuredClone(old)
    expect(upgradeWallSnapshot(old)).toEqual(snapshot(5))
    expect(old).toEqual(copy)
    const d = { schema: 1, jurisdictionCode: '440204', version: 6, at: 't', panels: {} }
    expect(upgradeWallDelta(d)).toEqual({ schemaVersion: 2, jurisdictionCode: '440204', version: 6, at: 't', panels: {} })
  })
  it('passes the current version through as it is', () => {
    const s = snapshot(5)
    expect(upgradeWallSnapshot(s)).toBe(s)
  })
  it('says unknown for versions it does not know, invalid for what is not a wall payload', () => {
    expect(upgradeWallSnapshot({ ...snapshot(5), schemaVersion: 3 })).toBe('unknown')
    expect(upgradeWallDelta({ ...snapshot(5), schemaVersion: 0 })).toBe('unknown')
    expect(upgradeWallSnapshot({ ...snapshot(5), panels: {} })).toBe('invalid') // a snapshot has every panel
    expect(upgradeWallDelta({ ...snapshot(5), panels: {} })).not.toBe('invalid') // a delta may carry none
    expect(upgradeWallSnapshot('x')).toBe('invalid')
    expect(upgradeWallDelta({ version: 1 })).toBe('invalid')
  })
})
