import { describe, expect, it } from 'vitest'
import { CARD_RULES } from '../../../../../domain/rules/cardRules.ts'
import { loadCatalogue, translate } from '../../../i18n/index.ts'
import { cardRuleKey } from './cardRuleLabel.ts'

const zhCN = await loadCatalogue('zh-CN')
const en = await loadCatalogue('en')

describe('card rule labels', () => {
  it.each(CARD_RULES)('%s has a Chinese and an English label, never the raw key', (rule) => {
    const key = cardRuleKey(rule)!
    expect(key).not.toBeNull()
    const zh = translate(zhCN, key)
    const e = translate(en, key)
    for (const text of [zh, e]) {
      expect(text).not.toBe(key)
      expect(text).not.toContain(rule)
      expect(text.length).toBeGreaterThan(1)
    }
    expect(zh).toMatch(/[\u4e00-\u9fff]/)
    expect(e).toMatch(/^[\x20-\x7e]+$/)
  })
  it('knows no label for an unknown code', () => {
    expect(cardRuleKey('procedure.somethingNew')).toBeNull()
  })
})
