import type { CaseExportRecord, ExportLocale } from '../types.ts'

type Cell = string | number | null

interface Column {
  zh: string
  en: string
  value: (r: CaseExportRecord, l: ExportLocale, zone: string) => Cell
}

type Labels = Record<string, { zh: string; en: string }>

export const STATUS_LABELS: Labels = {
  submitted: { zh: '申办', en: 'Submitted' },
  accepted: { zh: '受理', en: 'Accepted' },
  undertaken: { zh: '承办', en: 'Undertaken' },
  reviewed: { zh: '审核', en: 'Reviewed' },
  approved: { zh: '批准', en: 'Approved' },
  concluded: { zh: '办结', en: 'Concluded' },
  returned: { zh: '退件', en: 'Returned' },
}
export const LEVEL_LABELS: Labels = {
  normal: { zh: '正常', en: 'Normal' },
  warning: { zh: '预警', en: 'Warning' },
  yellow: { zh: '黄牌', en: 'Yellow card' },
  red: { zh: '红牌', en: 'Red card' },
}
export const CASE_TYPE_LABELS: Labels = {
  immediate: { zh: '即办件', en: 'Immediate' },
  promised: { zh: '承诺件', en: 'Promised' },
  joint: { zh: '联办件', en: 'Joint' },
  escalated: { zh: '上报件', en: 'Escalated' },
  returned: { zh: '退回件', en: 'Returned' },
  supplemented: { zh: '补办件', en: 'Supplemented' },
}
const FEE_LABELS: Labels = {
  chargedForFreeItem: { zh: '免费事项收费', en: 'Charged for a free item' },
  overcharged: { zh: '超标准收费', en: 'Above the standard' },
  undercharged: { zh: '低于标准（待核查）', en: 'Below the standard (review)' },
}
const UNIT_LABELS: Labels = { workday: { zh: '个工作日', en: 'working days' }, day: { zh: '日', en: 'days' } }

const label = (labels: Labels, v: string | null, l: ExportLocale): string | null => {
  if (v === null) return null
  const x = labels[v]
  return x ? (l === 'en' ? x.en : x.zh) : v
}

const formatters = new Map<string, Intl.DateTimeFormat>()
/** `YYYY-MM-DD HH:mm` in the zone (sv-SE prints ISO-like dates). */
export function localDateTime(iso: string | null, zone: string): string | null {
  if (iso === null) return null
  const ms = Date.parse(iso)
  if (!Number.isFinite(ms)) return null
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(zone, f)
  }
  return f.format(ms)
}

export const CASE_EXPORT_COLUMNS: readonly Column[] = [
  { zh: '受理编号', en: 'Receipt number', value: (r) => r.caseNo },
  { zh: '部门', en: 'Department', value: (r) => r.departmentName ?? r.departmentCode },
  { zh: '部门编码', en: 'Department code', value: (r) => r.departmentCode },
  { zh: '事项', en: 'Item', value: (r) => r.itemName ?? r.itemCode },
  { zh: '事项编码', en: 'Item code', value: (r) => r.itemCode },
  { zh: '办件类型', en: 'Case type', value: (r, l) => label(CASE_TYPE_LABELS, r.caseType, l) },
  { zh: '状态', en: 'Status', value: (r, l) => label(STATUS_LABELS, r.status, l) },
  { zh: '监察级别', en: 'Level', value: (r, l) => label(LEVEL_LABELS, r.level, l) },
  { zh: '申请人', en: 'Applicant', value: (r) => r.applicant?.name ?? null },
  { zh: '证件号码', en: 'ID number', value: (r) => r.applicant?.idNumber ?? null },
  { zh: '联系电话', en: 'Phone', value: (r) => r.applicant?.phone ?? null },
  { zh: '申办时间', en: 'Submitted', value: (r, _l, z) => localDateTime(r.submittedAt, z) },
  { zh: '受理时间', en: 'Accepted', value: (r, _l, z) => localDateTime(r.acceptedAt, z) },
  { zh: '时限', en: 'Limit', value: (r, l) => (r.limit ? `${r.limit.value} ${label(UNIT_LABELS, r.limit.unit, l)}` : null) },
  { zh: '截止日期', en: 'Deadline', value: (r) => r.deadlineDate },
  { zh: '剩余天数', en: 'Days left', value: (r) => r.daysLeft },
  { zh: '办结时间', en: 'Concluded', value: (r, _l, z) => localDateTime(r.concludedAt, z) },
  { zh: '承办人', en: 'Handler', value: (r) => r.handler },
  { zh: '实收费用（元）', en: 'Fee charged (yuan)', value: (r) => r.feeCharged },
  { zh: '收费标准（元）', en: 'Fee standard (yuan)', value: (r) => r.feeStandard },
  { zh: '收费核查', en: 'Fee check', value: (r, l) => label(FEE_LABELS, r.feeFlag, l) },
  { zh: '补正次数', en: 'Supplements', value: (r) => r.supplementCount },
  { zh: '特别程序中', en: 'Suspended', value: (r, l) => (r.suspended ? (l === 'en' ? 'yes' : '是') : l === 'en' ? 'no' : '否') },
]
