import { isCardRule } from '../../../../../domain/rules/cardRules.ts'
import type { MessageKey } from '../../../i18n/index.ts'

/** The catalogue key of a card rule's label, e.g. `procedure.returnedWithoutReason` → `console.cards.rules.procedure.returnedWithoutReason`; null for an unknown code. */
export function cardRuleKey(rule: string): MessageKey | null {
  return isCardRule(rule) ? (`console.cards.rules.${rule}` as MessageKey) : null
}
