import { GRADE_NAMES, type Scorecard } from './types.ts'

/** The editable template of the draft 监察建议书; `{name}` placeholders are filled by `recommendationDraft`. */
export const RECOMMENDATION_TEMPLATE = {
  title: '监察建议书',
  number: '浈监建〔{year}〕  号（草稿）',
  addressee: '{department}：',
  opening:
    '根据行政审批电子监察绩效考核办法，本机关对你单位 {period} 的行政审批与投诉信访办理情况进行了考核。你单位本期考核得分 {score} 分，等级为“{grade}”，办结件数 {volume} 件。主要扣分及失分情况如下：',
  findingsHeader: ['考核指标', '得分', '计算方法', '涉及办件、信件或牌（编号）'],
  recommendations: [
    '一、对上述逾期办件、黄牌红牌及程序违规逐件查明原因，明确责任人，依规处理。',
    '二、严格执行一次性告知制度，规范补正材料告知，压缩办理时限。',
    '三、建立按时办结与投诉信访按时答复的内部督促机制，防止同类问题再次发生。',
  ],
  closing: '请于收到本建议书之日起 {replyDays} 个工作日内，将整改落实情况书面报送本机关。',
  signature: '{issuer}',
  date: '{date}',
} as const

export interface RecommendationInput {
  card: Scorecard
  periodLabel: string
  issuer: string
  /** the local date written under the signature, `YYYY-MM-DD` */
  date: string
  replyDays?: number
}

export interface RecommendationDraft {
  title: string
  number: string
  addressee: string
  opening: string
  findingsHeader: readonly string[]
  /** one row per line that lost or deducted points */
  findings: { indicator: string; points: string; formula: string; refs: string }[]
  recommendations: readonly string[]
  closing: string
  signature: string
  date: string
}

const fill = (t: string, v: Record<string, string>): string => t.replace(/\{(\w+)\}/g, (m, k: string) => v[k] ?? m)

/**
 * The text of a draft supervision recommendation (监察建议书) for a department graded 不合格: the
 * template filled with the department, period, score and grade, and a findings table listing every
 * scorecard line that lost points (a rate below full, a deduction) with its formula and the case,
 * petition, order or card numbers behind it. The supervisor edits the generated document.
 */
export function recommendationDraft(input: RecommendationInput): RecommendationDraft {
  const { card } = input
  const [y, m, d] = input.date.split('-')
  const v = {
    year: y ?? '', department: card.name, period: input.periodLabel, score: card.score.toFixed(2), grade: GRADE_NAMES[card.grade].zh,
    volume: String(card.volume), replyDays: String(input.replyDays ?? 15), issuer: input.issuer, date: `${y} 年 ${Number(m)} 月 ${Number(d)} 日`,
  }
  const T = RECOMMENDATION_TEMPLATE
  const lost = card.lines.filter((l) => l.points < 0 || (l.maxPoints !== null && l.maxPoints > 0 && l.points < l.maxPoints && l.kind !== 'earlyBonus'))
  return {
    title: T.title,
    number: fill(T.number, v),
    addressee: fill(T.addressee, v),
    opening: fill(T.opening, v),
    findingsHeader: T.findingsHeader,
    findings: lost.map((l) => ({
      indicator: l.name.zh,
      points: l.maxPoints !== null && l.maxPoints > 0 ? `${l.points} / ${l.maxPoints}` : String(l.points),
      formula: l.formula,
      refs: l.trace.map((t) => (t.kind === 'card' ? `牌 ${t.ref}` : t.ref)).join('、') || '—',
    })),
    recommendations: T.recommendations,
    closing: fill(T.closing, v),
    signature: fill(T.signature, v),
    date: fill(T.date, v),
  }
}
