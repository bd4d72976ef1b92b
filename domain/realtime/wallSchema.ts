/**
 * The wall payload's schema versions and the upgrade path between them, as hoppscotch-data does
 * for its stored shapes: each older version is described here with an `up()` to the next, and
 * `upgradeWallSnapshot` / `upgradeWallDelta` bring any known version to the current one
 * (`WALL_SCHEMA_VERSION`, wall.ts). Used wherever a payload crosses a process boundary: the
 * publisher and the server reading the snapshot stored in Redis, and the client reducer
 * (`reduceWall`) reading what the socket brings.
 *
 * Adding version N+1: change the types in wall.ts, move the version-N envelope here as
 * `WallSnapshotVN`/`WallDeltaVN`, add its `up` to `UPGRADES`, bump `WALL_SCHEMA_VERSION`.
 */
import { WALL_SCHEMA_VERSION, type WallDelta, type WallPanels, type WallSnapshot } from './wall.ts'

/** Version 1: the same panels, the version in a field named `schema`. */
export interface WallSnapshotV1 {
  schema: 1
  jurisdictionCode: string
  version: number
  at: string
  panels: WallPanels
}
export interface WallDeltaV1 {
  schema: 1
  jurisdictionCode: string
  version: number
  at: string
  panels: Partial<WallPanels>
}

/** The schema versions this code understands, oldest first; the last is `WALL_SCHEMA_VERSION`. */
export const WALL_SCHEMA_VERSIONS = [1, 2] as const satisfies readonly number[]

type Envelope = { jurisdictionCode: string; version: number; at: string; panels: object }

/** One step up from each older version: v1 → v2 renames `schema` to `schemaVersion`. */
const UPGRADES: Record<number, (x: Record<string, unknown>) => Record<string, unknown>> = {
  1: ({ schema: _schema, ...rest }) => ({ ...rest, schemaVersion: 2 }),
}

/**
 * The schema version a payload declares: `schemaVersion` (2 and later) or `schema` (1); null when
 * it declares none.
 *
 * @example wallSchemaVersionOf({ schemaVersion: 2, ... }) // 2
 * @example wallSchemaVersionOf({ schema: 1, ... }) // 1
 */
export function wallSchemaVersionOf(x: unknown): number | null {
  if (typeof x !== 'object' || x === null) return null
  const o = x as { schemaVersion?: unknown; schema?: unknown }
  if (typeof o.schemaVersion === 'number') return o.schemaVersion
  if (typeof o.schema === 'number') return o.schema
  return null
}

function isEnvelope(x: unknown): x is Envelope {
  const o = x as Partial<Envelope> | null
  return typeof o === 'object' && o !== null && typeof o.version === 'number' && typeof o.jurisdictionCode === 'string' && typeof o.at === 'string' && typeof o.panels === 'object' && o.panels !== null
}

/** Upgrades an envelope of any known version; 'unknown' for a version not in WALL_SCHEMA_VERSIONS. */
function upgrade(x: unknown): Record<string, unknown> | 'invalid' | 'unknown' {
  if (!isEnvelope(x)) return 'invalid'
  let v = wallSchemaVersionOf(x)
  if (v === null) return 'invalid'
  if (!(WALL_SCHEMA_VERSIONS as readonly number[]).includes(v)) return 'unknown'
  let out = x as unknown as Record<string, unknown>
  while (v < WALL_SCHEMA_VERSION) {
    out = UPGRADES[v]!(out)
    v = out.schemaVersion as number
  }
  return out
}

/**
 * A snapshot of any known schema version as the current one. `'unknown'`: a schema version this
 * code does not know (a newer publisher); `'invalid'`: not a snapshot at all. Inputs are not mutated.
 *
 * @example upgradeWallSnapshot({ schema: 1, jurisdictionCode: '440204', version: 7, at, panels }) // { schemaVersion: 2, … }
 * @example upgradeWallSnapshot({ schemaVersion: 99, … }) // 'unknown'
 */
export function upgradeWallSnapshot(x: unknown): WallSnapshot | 'invalid' | 'unknown' {
  const out = upgrade(x)
  if (typeof out === 'string') return out
  return 'tiles' in (out.panels as object) ? (out as unknown as WallSnapshot) : 'invalid'
}

/** A delta of any known schema version as the current one (as `upgradeWallSnapshot`). */
export function upgradeWallDelta(x: unknown): WallDelta | 'invalid' | 'unknown' {
  const out = upgrade(x)
  return typeof out === 'string' ? out : (out as unknown as WallDelta)
}
