import { describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { isLocale, loadCatalogue, loadMessages, LOCALES, translate, useI18n, type Locale, type Messages } from './index.ts'
import { zhCN } from './zh-CN.ts'
import { formatDateTime, formatLongDate, formatRecentTime, formatTime } from './format.ts'

/** Every path in a catalogue, with the kind of value found there. */
function shape(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [`${prefix}:string`]
  if (Array.isArray(node)) return [`${prefix}:list`]
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k))
}

function leaves(node: unknown): string[] {
  if (typeof node === 'string') return [node]
  if (Array.isArray(node)) return node as string[]
  return Object.values(node as Record<string, unknown>).flatMap(leaves)
}

const catalogues: Record<Locale, Messages> = { 'zh-CN': await loadCatalogue('zh-CN'), en: await loadCatalogue('en') }

describe('catalogues', () => {
  it('have the same keys in every locale (also at run time, not only by type)', () => {
    const reference = shape(catalogues['zh-CN']).sort()
    for (const locale of LOCALES) expect(shape(catalogues[locale]).sort(), locale).toEqual(reference)
  })

  it('have no empty strings', () => {
    for (const locale of LOCALES) for (const text of leaves(catalogues[locale])) expect(text.trim(), locale).not.toBe('')
  })

  it('use the same placeholders in every locale', () => {
    const placeholders = (m: Messages) =>
      shape(m)
        .filter((p) => p.endsWith(':string'))
        .map((p) => p.slice(0, -':string'.length))
        .map((key) => [key, (translate(m, key as never).match(/\{\w+\}/g) ?? []).sort().join()])
    expect(placeholders(catalogues.en)).toEqual(placeholders(catalogues['zh-CN']))
  })

  it('give the same number of features per surface', () => {
    for (const [id, surface] of Object.entries(catalogues['zh-CN'].surfaces) as Array<[string, Messages['surfaces'][keyof Messages['surfaces']]]>) {
      expect(catalogues.en.surfaces[id as keyof Messages['surfaces']].features.length, id).toBe(surface.features.length)
    }
  })
})

describe('translate', () => {
  const zh = catalogues['zh-CN']
  it('looks up a dot path', () => {
    expect(translate(zh, 'app.name')).toBe('行政审批电子监察指挥中心')
    expect(translate(zh, 'status.states.ready')).toBe('运行正常')
  })
  it('fills placeholders and leaves missing ones visible', () => {
    expect(translate(zh, 'status.every', { seconds: 10 })).toBe('每 10 秒自动检查')
    expect(translate(zh, 'status.every')).toBe('每 {seconds} 秒自动检查')
    expect(translate(zh, 'status.every', { other: 1 })).toBe('每 {seconds} 秒自动检查')
  })
  it('returns the key for a path that is not a string (only reachable by casting)', () => {
    expect(translate(zh, 'status.states' as never)).toBe('status.states')
    expect(translate(zh, 'no.such.key' as never)).toBe('no.such.key')
  })
})

describe('useI18n', () => {
  it('defaults to zh-CN and switches to en (no localStorage in node: kept in memory)', async () => {
    const scope = effectScope()
    const a = scope.run(() => useI18n())!
    const b = scope.run(() => useI18n())!
    expect(a.locale.value).toBe('zh-CN')
    expect(a.t('common.underConstruction')).toBe('建设中')
    a.locale.value = 'en'
    expect(b.locale.value).toBe('en') // one shared state
    // English is loaded when chosen; until it arrives the Chinese texts stand in (never a key)
    expect(b.t('common.underConstruction')).toBe('建设中')
    await loadMessages([])
    expect(b.t('common.underConstruction')).toBe('Under construction')
    expect(b.messages.value.surfaces.wall.name).toBe('Supervision wall')
    a.locale.value = 'zh-CN'
    scope.stop()
  })

  it('has only the core texts until a namespace is loaded, then follows the language', async () => {
    const scope = effectScope()
    const { t, locale, messages } = scope.run(() => useI18n())!
    expect(Object.keys(messages.value).sort()).toEqual(Object.keys(zhCN).sort()) // no surface's texts yet
    await loadMessages(['mobile'])
    expect(t('mobile.tabs.overview')).toBe('概览')
    expect('console' in messages.value).toBe(false) // only what was asked for
    locale.value = 'en'
    await loadMessages([]) // the new language's core; `mobile` follows because it was loaded before
    await vi.waitFor(() => expect(t('mobile.tabs.overview')).toBe('Today'))
    locale.value = 'zh-CN'
    scope.stop()
  })

  it('shows a key whose namespace nobody loaded as the key, and loads it', async () => {
    const scope = effectScope()
    const { t } = scope.run(() => useI18n())!
    expect(t('login.title')).toBe('login.title')
    await vi.waitFor(() => expect(t('login.title')).toBe(catalogues['zh-CN'].login.title))
    scope.stop()
  })
  it('recognises locales', () => {
    expect(isLocale('zh-CN')).toBe(true)
    expect(isLocale('en')).toBe(true)
    expect(isLocale('fr')).toBe(false)
    expect(isLocale(null)).toBe(false)
  })
})

describe('format', () => {
  // 2026-11-25T02:03:04Z is 10:03:04 in Beijing, whatever the process TZ (tests run in New York).
  const t = Date.parse('2026-11-25T02:03:04Z')
  it('shows Beijing time, not the process zone', () => {
    expect(formatTime(t, 'zh-CN')).toBe('10:03:04')
    expect(formatDateTime(t, 'zh-CN')).toBe('2026/11/25 10:03:04')
    expect(formatLongDate(t, 'zh-CN')).toBe('2026年11月25日星期三')
    expect(formatLongDate(t, 'en')).toBe('Wednesday, November 25, 2026')
  })
  it("shows a card's time of day when it is today's (Beijing), else its date too", () => {
    expect(formatRecentTime(t, Date.parse('2026-11-25T15:59:00Z'), 'zh-CN')).toBe('10:03:04')
    // 16:00Z is already the 26th in Beijing
    expect(formatRecentTime(t, Date.parse('2026-11-25T16:00:00Z'), 'zh-CN')).toBe('11-25 10:03')
    expect(formatRecentTime(Date.parse('2026-11-12T16:00:00Z'), Date.parse('2026-11-20T08:09:17Z'), 'en')).toBe('11-13 00:00')
  })
  it('returns an empty string for an invalid instant', () => {
    expect(formatTime(Number.NaN, 'en')).toBe('')
    expect(formatDateTime(Number.POSITIVE_INFINITY, 'zh-CN')).toBe('')
    expect(formatLongDate(Number.NaN, 'zh-CN')).toBe('')
  })
})
