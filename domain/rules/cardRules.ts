/**
 * Every card rule code a card can carry (the `rule` column of `cards`): manual cards, the
 * automatic rules of cardDecisions (overdue for cases, petitions and supervision orders; fee;
 * procedure anomalies; one-time notification). Browser-safe: the pages label each code in both
 * languages, and a test checks that every code has its texts.
 */
export const PROCEDURE_CARD_RULES = [
  'procedure.concludedWithoutAcceptance',
  'procedure.stageOutOfOrder',
  'procedure.concludedWhileSuspended',
  'procedure.returnedWithoutReason',
  'procedure.deniedWithoutReason',
] as const

export const CARD_RULES = ['manual', 'overdue', 'fee.overcharged', 'fee.chargedForFreeItem', 'oneTimeNotification', ...PROCEDURE_CARD_RULES] as const

export type CardRule = (typeof CARD_RULES)[number]

export function isCardRule(rule: string): rule is CardRule {
  return (CARD_RULES as readonly string[]).includes(rule)
}
