/**
 * Texts of the public site's disclosure pages (警示, 绩效考核成绩, 业务统计, 开放数据): their own
 * catalogue beside messages.ts, with the same locale. Add zh first; en (messagesData.en.ts, fetched
 * the first time English is shown) must match (the type says so).
 */
import type { ComputedRef } from 'vue'
import { lazyTexts, type useI18n } from '../../i18n/index.ts'

export const zh = {
  nav: { cards: '公开警示', scorecards: '考核成绩', statistics: '业务统计', open: '开放数据' },
  cards: {
    title: '红黄牌公开警示',
    intro: '经监察人员确认的红牌、黄牌（超期、违规收费、程序异常等）在此公开。只公布部门、事项、日期和违反的规则，不公布申请人、经办人或可识别个人、企业的办件信息。',
    color: '牌色',
    anyColor: '全部',
    yellow: '黄牌',
    red: '红牌',
    department: '部门',
    anyDepartment: '全部部门',
    byDepartment: '各部门红黄牌数',
    date: '日期',
    item: '事项',
    rule: '违反规则',
    none: '暂无公开的红黄牌',
    truncated: '仅显示最近 200 张，完整数据见开放数据。',
    subject: { case: '办件', petition: '投诉信访', order: '督办' },
    rules: {
      manual: '监察人员人工出牌',
      overdue: '超过办理时限',
      'fee.overcharged': '超标准收费',
      'fee.chargedForFreeItem': '免费事项收费',
      oneTimeNotification: '违反一次性告知',
      'procedure.concludedWithoutAcceptance': '未受理即办结',
      'procedure.stageOutOfOrder': '环节顺序异常',
      'procedure.concludedWhileSuspended': '特别程序期间办结',
      'procedure.returnedWithoutReason': '退件未说明理由',
      'procedure.deniedWithoutReason': '不予许可未说明理由',
    } as Record<string, string>,
  },
  scorecards: {
    title: '绩效考核成绩',
    intro: '各部门按月考核，季度、年度为所含月份的平均分。只显示已发布的结果；发布后更正的，标明更正版本。办件量不足的部门单列“样本不足”，不参与排名。',
    kind: '考核期间',
    month: '月度',
    quarter: '季度',
    year: '年度',
    period: '期间',
    none: '尚未发布考核结果',
    corrected: '更正版（第 {version} 版，{date} 发布）',
    published: '{date} 发布',
    peer: { county: '区直部门', townsStreets: '镇（街道）', vertical: '垂直管理部门' } as Record<string, string>,
    rank: '名次',
    department: '部门',
    score: '得分',
    grade: '等次',
    volume: '办件量',
    months: '计入月份',
    insufficient: '样本不足（不排名）',
    grades: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as Record<string, string>,
    detail: '查看成绩单',
    rankingLink: '查看各期考核成绩和各部门成绩单',
  },
  scorecard: {
    title: '{name} 绩效成绩单',
    back: '← 返回考核成绩',
    indicator: '指标',
    rate: '比率',
    points: '得分/扣分',
    basis: '依据件数',
    correction: '复核更正',
    trend: '近 12 个月得分',
    noScore: '该部门暂无已发布的考核成绩',
    notFound: '未找到该部门',
  },
  statistics: {
    title: '业务统计',
    intro: '按受理月份统计的办件数、办结数、按时办结率和办件类型。已结束的月份为最终数据，本月为截至今日的数据。',
    monthly: '近 13 个月',
    month: '月份',
    openMonth: '（本月至今）',
    received: '受理',
    concluded: '办结',
    onTimeRate: '按时办结率',
    types: '办件类型',
    immediate: '即办件',
    promised: '承诺件',
    joint: '联办件',
    escalated: '上报件',
    returned: '退回件',
    supplemented: '补办件',
    byDepartment: '{month} 各部门',
    department: '部门',
    chartMonthly: '各月受理、办结数和按时办结率',
    chartTypes: '各月办件类型',
    none: '暂无数据',
  },
  open: {
    title: '开放数据',
    intro: '本站公开的每一张数据表都可以下载为 CSV 或 JSON，地址固定，可供引用和程序读取。',
    licence: '许可',
    table: '数据表',
    download: '下载',
    anchors: '审计链每日链头（防篡改锚点）',
    anchorsIntro: '系统的每一次操作都记入一条哈希链。每天结束时链头的序号和哈希值在此公布；日后如有人改动或删除历史记录，链头将对不上。',
    day: '日期',
    seq: '序号',
    hash: '哈希（SHA-256）',
    today: '今日（尚在变化）',
  },
}

export type DataTexts = typeof zh

const useDataTexts = lazyTexts(zh, () => import('./english.ts').then((m) => m.data))

export function useDataText(): { dt: ComputedRef<DataTexts>; locale: ReturnType<typeof useI18n>['locale'] } {
  const { texts: dt, locale } = useDataTexts()
  return { dt, locale }
}
