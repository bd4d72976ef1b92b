/**
 * The sentences that explain a deadline's rule and its level thresholds, in every language the
 * pages speak (zh-CN, the default, and en). The explanation (`explainDeadline`) carries the English
 * text for the API and the structured `basis` of each threshold; the pages render these sentences
 * in the reader's language from the same inputs. Pure.
 */
import type { LimitUnit } from './types.ts'

export type RuleLocale = 'zh-CN' | 'en'
export const RULE_LOCALES: readonly RuleLocale[] = ['zh-CN', 'en']

/** What placed a threshold: an offset from the deadline day, a share of the limit, or working days after the deadline day. */
export type ThresholdBasis =
  | { readonly kind: 'warningOffset'; readonly offset: number }
  | { readonly kind: 'warningShare'; readonly share: number }
  | { readonly kind: 'afterDeadline'; readonly days: number }

const nth = (n: number): string => {
  const t = n % 100
  const suffix = t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'
  return `${n}${suffix}`
}

/** The limit's rule: how the deadline follows from the start day and the limit. */
export function limitRuleSentence(limit: number, unit: LimitUnit, locale: RuleLocale): string {
  if (locale === 'en') {
    if (unit === 'workday') {
      return limit === 0
        ? 'working-day limit 0 (immediate case): the deadline is 24:00 of the start day'
        : `working-day limit: the start day is not counted; the deadline is 24:00 of the ${nth(limit)} counted working day`
    }
    return `calendar-day limit: the start day is not counted; the deadline is 24:00 of the ${nth(limit)} counted day, moved to the next working day if that is not a working day (Civil Code §203)`
  }
  if (unit === 'workday') {
    return limit === 0
      ? '即办件（时限 0 个工作日）：受理当日 24:00 截止'
      : `工作日时限 ${limit} 个工作日：受理当日不计入，自次一工作日起算，第 ${limit} 个工作日 24:00 截止`
  }
  return `自然日时限 ${limit} 日：受理当日不计入，第 ${limit} 日 24:00 截止；该日非工作日的，顺延至下一工作日（民法典第二百零三条）`
}

/** A threshold's rule: from when the level holds and why. */
export function thresholdSentence(level: 'warning' | 'yellow' | 'red', basis: ThresholdBasis, limit: number, locale: RuleLocale): string {
  const en = locale === 'en'
  switch (basis.kind) {
    case 'warningShare': {
      const pct = Math.round(basis.share * 1000) / 10
      return en
        ? `warning at ${pct}% of the limit: from 00:00 of counted day ⌈${basis.share} × ${limit}⌉`
        : `时限过 ${pct}% 预警：自第 ⌈${basis.share} × ${limit}⌉ 个计算日 00:00 起`
    }
    case 'warningOffset':
      if (basis.offset === 0) return en ? 'warning from 00:00 of the deadline day' : '截止日 00:00 起预警'
      return en ? `warning from 00:00 of counted day ${limit} − ${-basis.offset}` : `自第 ${limit} − ${-basis.offset} 个计算日 00:00 起预警`
    case 'afterDeadline': {
      const card = level === 'red' ? (en ? 'red card' : '红牌') : en ? 'yellow card' : '黄牌'
      return en
        ? `${card} from 00:00 of the ${nth(basis.days)} working day after the deadline day`
        : `截止日后第 ${basis.days} 个工作日 00:00 起${card}`
    }
  }
}
