import type { PerformanceScheme } from './types.ts'

/**
 * The shipped default scheme: monthly, 100 points. Source: PRODUCT.md, "Statistics and
 * performance", the paragraph beginning "Performance evaluation: a configurable indicator scheme.
 * Default (monthly, 100 points)": on-time rate, early-completion bonus (+1 per 10% of concluded
 * cases finished early), deductions (yellow −5, red −10, three consecutive warnings −3),
 * complaints, rating satisfaction. The split of the 100 points between the rates (60 on-time,
 * 10 each for one-time notification, petitions, satisfaction and orders), the procedure and
 * supplement deductions, the bonus cap, the grade cut-offs (90 / 80 / 60) and the minimum volume
 * (5 concluded cases) are this project's choices, written here as data: an administrator
 * replaces any of them with a new scheme version (PUT /api/v1/performance/schemes/:jurisdiction).
 *
 * Each card counts under exactly one indicator: procedure cards under 程序违规, one-time
 * notification cards under the 一次性告知 rate (not as a −5 card as well).
 */
export const DEFAULT_PERFORMANCE_SCHEME: PerformanceScheme = {
  schemaVersion: 1,
  name: { zh: '月度绩效考核（百分制）', en: 'Monthly performance (100 points)' },
  source: 'PRODUCT.md, "Statistics and performance": Default (monthly, 100 points)',
  periodKind: 'month',
  floor: 0,
  indicators: [
    { id: 'onTime', kind: 'onTimeRate', name: { zh: '按时办结率', en: 'On-time conclusion rate' }, weight: 60, zeroAt: 0, fullAt: 1 },
    { id: 'oneTime', kind: 'oneTimeNotification', name: { zh: '一次性告知执行率', en: 'One-time notification compliance' }, weight: 10, zeroAt: 0, fullAt: 1 },
    { id: 'petitions', kind: 'petitionsOnTime', name: { zh: '投诉信访按时办理率', en: 'Complaints and petitions handled on time' }, weight: 10, zeroAt: 0, fullAt: 1 },
    { id: 'satisfaction', kind: 'satisfaction', name: { zh: '好差评满意率', en: 'Satisfaction (ratings)' }, weight: 10, zeroAt: 0, fullAt: 1 },
    { id: 'orders', kind: 'ordersOnTime', name: { zh: '督办按时回复率', en: 'Supervision orders answered on time' }, weight: 10, zeroAt: 0, fullAt: 1 },
    { id: 'early', kind: 'earlyBonus', name: { zh: '提前办结加分', en: 'Early-completion bonus' }, step: 0.1, pointsPerStep: 1, maxPoints: 10 },
    { id: 'cards', kind: 'cards', name: { zh: '黄牌红牌扣分', en: 'Yellow and red cards' }, yellow: 5, red: 10, excludeRules: ['procedure.*', 'oneTimeNotification'] },
    { id: 'warnings', kind: 'consecutiveWarnings', name: { zh: '连续三次预警扣分', en: 'Three consecutive warnings' }, runLength: 3, points: 3, maxPoints: 15 },
    { id: 'procedure', kind: 'procedureViolations', name: { zh: '程序违规扣分', en: 'Procedure violations' }, rules: ['procedure.*'], points: 2, maxPoints: 10 },
    { id: 'supplements', kind: 'supplementsPerCase', name: { zh: '件均补正次数扣分', en: 'Supplements per case' }, threshold: 1, step: 0.1, pointsPerStep: 1, maxPoints: 5 },
  ],
  minVolume: 5,
  wilson: false,
  grades: { excellent: 90, good: 80, pass: 60 },
  // 好差评: 非常满意, 满意 and 基本满意 are good ratings (好评), 不满意 and 非常不满意 bad (差评)
  ratingValues: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 },
  // 浈江区's vertically managed bureaus (垂直管理), ranked among themselves
  peerGroups: {
    '440204-GA': 'vertical',
    '440204-SWJU': 'vertical',
    '440204-STHJ': 'vertical',
    '440204-XFJY': 'vertical',
    '440204-SNJ': 'vertical',
    '440204-YCJ': 'vertical',
    '440204-GJJ': 'vertical',
  },
}
