import { limitRuleSentence, thresholdSentence } from '../../../../domain/clock/ruleSentences.ts'
import type { DeadlineExplanation, Threshold } from '../../../../domain/clock/types.ts'
import type { Locale } from '../../i18n/index.ts'

/** The deadline's rule in the page's language (the console's and the window's "why" panels). */
export function explanationRuleText(x: Pick<DeadlineExplanation, 'limit' | 'unit'>, locale: Locale): string {
  return limitRuleSentence(x.limit, x.unit, locale)
}

/** A threshold's rule in the page's language; an explanation stored before thresholds had a basis keeps its English text. */
export function thresholdRuleText(th: Pick<Threshold, 'level' | 'basis' | 'rule'>, limit: number, locale: Locale): string {
  return th.basis ? thresholdSentence(th.level, th.basis, limit, locale) : th.rule
}
