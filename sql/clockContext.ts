/**
 * What the clock and the card rules need besides a case's events: the jurisdiction's calendar and
 * zone, the item's limits (of the limits version the case's acceptance date selects, migration
 * 320; petition limits likewise by receipt date), fee standard and supplement mode, and the effective level scheme
 * (item > department > jurisdiction > default; within a scope the newest version whose effective-from
 * date holds for the case's acceptance, domain/rules/schemeVersions.ts). Loaded from PostgreSQL and
 * cached briefly.
 */
import type pg from 'pg'
import type { LimitSpec } from '../domain/case/foldCase.ts'
import type { WorkCalendar } from '../domain/calendar/WorkCalendar.ts'
import { DEFAULT_LEVEL_SCHEME } from '../domain/clock/DEFAULT_LEVEL_SCHEME.ts'
import type { LevelScheme, SupplementMode } from '../domain/clock/types.ts'
import { CASE_TYPES, type CaseType, type PetitionKind } from '../domain/events/schema.ts'
import { DEFAULT_PETITION_LIMITS, type PetitionLimits } from '../domain/clock/petitionClock.ts'
import { DEFAULT_CARD_RULES, type CardRuleSwitches } from '../domain/rules/cardDecisions.ts'
import { sql } from './queries.ts'
import { loadWorkCalendar } from './calendar.ts'
import { fromEpochDay } from '../domain/calendar/fromEpochDay.ts'
import { localDayOf } from '../domain/calendar/localDayOf.ts'
import { parseInstant } from '../domain/calendar/parseInstant.ts'
import { schemeVersionPicker, type SchemeVersionPicker } from '../domain/rules/schemeVersions.ts'
import { governingLimits, petitionLimitsFor, type ItemLimitsValue, type LimitsVersion, type PetitionLimitVersion } from '../domain/rules/limitVersions.ts'

export const DEFAULT_ZONE = 'Asia/Shanghai'

export interface CaseContext {
  jurisdictionCode: string | null
  zone: string
  calendar: WorkCalendar
  scheme: LevelScheme
  /** The stored scheme version `scheme` comes from (migration 270), `null` for the shipped default. */
  schemeVersion: SchemeVersionRef | null
  cardRules: CardRuleSwitches
  supplementMode: SupplementMode
  itemPromisedLimit: LimitSpec | null
  itemLegalLimit: LimitSpec | null
  feeStandard: number | null
  /** The item's case type in the catalogue (即办件, 承诺件 …): a case's type until its acceptance states one. */
  itemCaseType: CaseType | null
  /**
   * The stored version of the item's limits `itemPromisedLimit`/`itemLegalLimit` come from
   * (migration 320: the newest whose effective-from holds for the case's acceptance); `null`: the
   * catalogue's limits.
   */
  limitsVersion: LimitsVersionRef | null
}

/** Which stored limits version governs a case or a petition's limit: its id and effective-from date. */
export interface LimitsVersionRef {
  id: string
  /** Governs cases accepted (petitions received) on or after this local date; `null`: every case. */
  acceptedFrom: string | null
}

/** Which stored level scheme version governs a case: its id, scope and effective-from date. */
export interface SchemeVersionRef {
  id: string
  scope: 'jurisdiction' | 'department' | 'item'
  code: string
  /** Governs cases accepted on or after this local date; `null`: every case. */
  acceptedFrom: string | null
}

interface SchemeRow {
  id: string
  scope: 'jurisdiction' | 'department' | 'item'
  scope_code: string
  warning_offset: number | null
  warning_share: string | null
  yellow_offset: number
  red_offset: number
  card_rules: Partial<CardRuleSwitches>
  accepted_from: string | null
  withdrawn: boolean
}

/** A stored version as domain/rules/schemeVersions.ts reads it. */
type SchemeVersion = SchemeRow & { code: string; acceptedFrom: string | null }

export interface PetitionContext {
  jurisdictionCode: string | null
  zone: string
  calendar: WorkCalendar
  scheme: LevelScheme
  overdueCards: boolean
  /** The jurisdiction's limits, each kind and stage under the version its receipt date selects (migration 320). */
  limits: Record<PetitionKind, PetitionLimits>
}

interface Snapshot {
  at: number
  petitionLimits: Map<string, Record<PetitionKind, PetitionLimits>>
  /** Petition limit versions by jurisdiction, oldest first (migration 320). */
  petitionLimitVersions: Map<string, PetitionLimitVersion[]>
  departments: Map<string, { jurisdiction: string; zone: string }>
  items: Map<string, { promised: LimitSpec | null; legal: LimitSpec | null; fee: number; supplementMode: SupplementMode; caseType: CaseType | null; versions: LimitsVersion<ItemLimitsValue>[] }>
  /** The scheme version governing a case (migration 270: item > department > jurisdiction, each scope's newest version whose effective-from holds). */
  scheme: SchemeVersionPicker<SchemeVersion>
  calendars: Map<string, WorkCalendar>
  /** Departments (`d:code`) and items (`i:code`) looked for after this snapshot was loaded and not in it. */
  absent: Set<string>
}

export interface ContextProvider {
  /**
   * Context for a case of this department and item (either may be unknown), accepted at
   * `acceptedAt` (an instant; `null`/absent: not accepted, only scheme versions for every case apply).
   */
  forCase(departmentCode: string, itemCode: string | null, acceptedAt?: string | null): Promise<CaseContext>
  /** Context for a petition handled by this department, received at `receivedAt` (as `acceptedAt` above). */
  forPetition(departmentCode: string, receivedAt?: string | null): Promise<PetitionContext>
  /** Drops the cache (after a calendar, scheme or catalogue change). */
  invalidate(): void
}

const toScheme = (r: SchemeRow): LevelScheme => ({
  warning: r.warning_share !== null ? { share: Number(r.warning_share) } : { offset: r.warning_offset ?? 0 },
  yellow: r.yellow_offset,
  red: r.red_offset,
})

/** The local date of an instant (`YYYY-MM-DD`), `null` for none or an unreadable one. */
function localDate(instant: string | null | undefined, zone: string): string | null {
  if (!instant) return null
  const ms = parseInstant(instant)
  return Number.isNaN(ms) ? null : fromEpochDay(localDayOf(ms, zone))
}

/** The shortest time between two reloads caused by a department or item the snapshot does not know. */
const MISS_RELOAD_MS = 1_000

/**
 * `pool` is usually the pool; a transaction's client works too (a preview reads the limits a
 * retraction leaves inside a transaction it rolls back).
 */
export function createContextProvider(pool: pg.Pool | pg.ClientBase, opts: { ttlMs?: number } = {}): ContextProvider {
  const ttl = opts.ttlMs ?? 10_000
  let snap: Snapshot | null = null
  let loading: Promise<Snapshot> | null = null

  const load = async (): Promise<Snapshot> => {
    // one after the other: `pool` may be a transaction's client (one query at a time)
    const deps = await pool.query<{ code: string; jurisdiction_code: string; time_zone: string }>(sql('context_departments'))
    const items = await pool.query<{ code: string; promised_limit: number | null; promised_unit: 'workday' | 'day'; legal_limit: number | null; legal_unit: 'workday' | 'day'; fee_standard: string; supplement_mode: SupplementMode; case_type: string | null }>(sql('context_items'))
    const schemes = await pool.query<SchemeRow>(sql('context_schemes'))
    const plimits = await pool.query<{ jurisdiction_code: string; petition_kind: PetitionKind; stage: 'acknowledge' | 'conclude'; limit_value: number; limit_unit: 'workday' | 'day' }>(sql('context_petition_limits'))
    const itemVersions = await pool.query<{ id: string; item_code: string; promised_limit: number | null; promised_unit: 'workday' | 'day'; legal_limit: number | null; legal_unit: 'workday' | 'day'; accepted_from: string | null }>(sql('item_limit_versions'), [null])
    const petitionVersions = await pool.query<{ id: string; jurisdiction_code: string; petition_kind: PetitionKind; stage: 'acknowledge' | 'conclude'; limit_value: number; limit_unit: 'workday' | 'day'; accepted_from: string | null }>(sql('petition_limit_versions'), [null])
    const versionsByItem = new Map<string, LimitsVersion<ItemLimitsValue>[]>()
    for (const v of itemVersions.rows) {
      const list = versionsByItem.get(v.item_code) ?? []
      list.push({
        id: v.id,
        acceptedFrom: v.accepted_from,
        limits: {
          promised: v.promised_limit === null ? null : { value: v.promised_limit, unit: v.promised_unit },
          legal: v.legal_limit === null ? null : { value: v.legal_limit, unit: v.legal_unit },
        },
      })
      versionsByItem.set(v.item_code, list)
    }
    const petitionLimitVersions = new Map<string, PetitionLimitVersion[]>()
    for (const v of petitionVersions.rows) {
      const list = petitionLimitVersions.get(v.jurisdiction_code) ?? []
      list.push({ id: v.id, petitionKind: v.petition_kind, stage: v.stage, limit: { value: v.limit_value, unit: v.limit_unit }, acceptedFrom: v.accepted_from })
      petitionLimitVersions.set(v.jurisdiction_code, list)
    }
    const petitionLimits = new Map<string, Record<PetitionKind, PetitionLimits>>()
    const defaults = plimits.rows.filter((r) => r.jurisdiction_code === '*')
    for (const j of new Set(plimits.rows.map((r) => r.jurisdiction_code))) {
      const table: Record<PetitionKind, PetitionLimits> = structuredClone(DEFAULT_PETITION_LIMITS) as Record<PetitionKind, PetitionLimits>
      for (const r of [...defaults, ...plimits.rows.filter((x) => x.jurisdiction_code === j && j !== '*')]) {
        table[r.petition_kind] = { ...table[r.petition_kind], [r.stage]: { value: r.limit_value, unit: r.limit_unit } }
      }
      petitionLimits.set(j, table)
    }
    const departments = new Map(deps.rows.map((d) => [d.code, { jurisdiction: d.jurisdiction_code, zone: d.time_zone }]))
    const calendars = new Map<string, WorkCalendar>()
    for (const j of new Set(deps.rows.map((d) => d.jurisdiction_code))) calendars.set(j, await loadWorkCalendar(pool, j))
    return {
      at: Date.now(),
      petitionLimits,
      petitionLimitVersions,
      departments,
      items: new Map(
        items.rows.map((i) => [
          i.code,
          {
            promised: i.promised_limit === null ? null : { value: i.promised_limit, unit: i.promised_unit },
            legal: i.legal_limit === null ? null : { value: i.legal_limit, unit: i.legal_unit },
            fee: Number(i.fee_standard),
            supplementMode: i.supplement_mode,
            caseType: (CASE_TYPES as readonly string[]).includes(i.case_type ?? '') ? (i.case_type as CaseType) : null,
            versions: versionsByItem.get(i.code) ?? [],
          },
        ]),
      ),
      scheme: schemeVersionPicker(schemes.rows.map((r) => ({ ...r, code: r.scope_code, acceptedFrom: r.accepted_from }))),
      calendars,
      absent: new Set(),
    }
  }

  /** What `s` lacks of a department and an item, leaving out what was already found absent from it. */
  const missing = (s: Snapshot, departmentCode: string, itemCode: string | null): string[] =>
    [
      s.departments.has(departmentCode) ? null : `d:${departmentCode}`,
      !itemCode || s.items.has(itemCode) ? null : `i:${itemCode}`,
    ].filter((k): k is string => k !== null && !s.absent.has(k))

  /**
   * The cached snapshot, reloaded when older than `ttl` — or sooner when it lacks a department or
   * item an event names: one created a moment ago must not leave its first cases without a clock.
   * A miss reloads at most once per `MISS_RELOAD_MS`, and a code still missing after a reload is
   * remembered as absent until the next one, so events naming items that are not in the catalogue
   * (sources send such) cost one reload per code and ttl, not one per projection.
   */
  const current = async (departmentCode: string, itemCode: string | null): Promise<Snapshot> => {
    const age = snap ? Date.now() - snap.at : Infinity
    if (snap && age < ttl && (age < MISS_RELOAD_MS || missing(snap, departmentCode, itemCode).length === 0)) return snap
    loading ??= load().finally(() => {
      loading = null
    })
    const loaded = await loading
    for (const k of missing(loaded, departmentCode, itemCode)) loaded.absent.add(k)
    snap = loaded
    return loaded
  }

  let national: WorkCalendar | null = null
  /** Jurisdiction, zone and calendar of a department (the national calendar when it is unknown). */
  const departmentBase = async (s: Snapshot, departmentCode: string) => {
    const dep = s.departments.get(departmentCode)
    return {
      jurisdictionCode: dep?.jurisdiction ?? null,
      zone: dep?.zone ?? DEFAULT_ZONE,
      calendar: (dep ? s.calendars.get(dep.jurisdiction) : undefined) ?? (national ??= await loadWorkCalendar(pool, '')),
    }
  }
  /** The scheme version governing a case of this department and item accepted at `acceptedAt` (local date in the department's zone). */
  const schemeOf = (s: Snapshot, departmentCode: string, itemCode: string | null, acceptedAt: string | null | undefined): SchemeVersion | undefined => {
    const dep = s.departments.get(departmentCode)
    return s.scheme(dep?.jurisdiction ?? null, departmentCode, itemCode, localDate(acceptedAt, dep?.zone ?? DEFAULT_ZONE))
  }
  return {
    async forCase(departmentCode, itemCode, acceptedAt) {
      const s = await current(departmentCode, itemCode)
      const item = itemCode ? s.items.get(itemCode) : undefined
      const scheme = schemeOf(s, departmentCode, itemCode, acceptedAt)
      const dep = s.departments.get(departmentCode)
      // the item's limits of the version the case's acceptance date selects, else the catalogue's (domain/rules/limitVersions.ts)
      const limits = item ? governingLimits(item.versions, { promised: item.promised, legal: item.legal }, localDate(acceptedAt, dep?.zone ?? DEFAULT_ZONE)) : null
      return {
        ...(await departmentBase(s, departmentCode)),
        scheme: scheme ? toScheme(scheme) : DEFAULT_LEVEL_SCHEME,
        schemeVersion: scheme ? { id: scheme.id, scope: scheme.scope, code: scheme.code, acceptedFrom: scheme.acceptedFrom } : null,
        cardRules: { ...DEFAULT_CARD_RULES, ...(scheme?.card_rules ?? {}) },
        supplementMode: item?.supplementMode ?? 'restart',
        itemPromisedLimit: limits?.limits.promised ?? null,
        itemLegalLimit: limits?.limits.legal ?? null,
        feeStandard: item ? item.fee : null,
        itemCaseType: item?.caseType ?? null,
        limitsVersion: limits?.version?.id ? { id: limits.version.id, acceptedFrom: limits.version.acceptedFrom ?? null } : null,
      }
    },
    async forPetition(departmentCode, receivedAt) {
      const s = await current(departmentCode, null)
      const dep = s.departments.get(departmentCode)
      const scheme = schemeOf(s, departmentCode, null, receivedAt)
      return {
        ...(await departmentBase(s, departmentCode)),
        scheme: scheme ? toScheme(scheme) : DEFAULT_LEVEL_SCHEME,
        overdueCards: scheme?.card_rules.overdue ?? true,
        limits: petitionLimitsFor(
          (dep ? s.petitionLimits.get(dep.jurisdiction) : undefined) ?? s.petitionLimits.get('*') ?? (DEFAULT_PETITION_LIMITS as Record<PetitionKind, PetitionLimits>),
          (dep ? s.petitionLimitVersions.get(dep.jurisdiction) : undefined) ?? [],
          localDate(receivedAt, dep?.zone ?? DEFAULT_ZONE),
        ),
      }
    },
    invalidate() {
      snap = null
    },
  }
}
