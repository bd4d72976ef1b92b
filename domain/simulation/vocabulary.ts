/**
 * The simulator's vocabulary and dice: seeded random helpers, names, firms, materials, reasons,
 * petition subjects and channels, and the office-clock position type (generate.ts uses them).
 */
import type { PetitionKind } from '../events/schema.ts'

export type Rand = () => number
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
export const between = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
export const weighted = <T>(r: Rand, table: ReadonlyArray<readonly [T, number]>): T => {
  let x = r() * table.reduce((s, [, w]) => s + w, 0)
  for (const [v, w] of table) if ((x -= w) < 0) return v
  return table[table.length - 1]![0]
}
export const hash = (a: number, b: number) => (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)) >>> 0

export const SURNAMES = '李王张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃'
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰凤春梅海燕文辉鹏飞晓东丹婷雪梅宇航子涵浩然思琪欣怡家豪俊杰诗琪'
export const FIRMS = ['韶关市浈江区', '韶关', '广东']
export const FIRM_WORDS = ['丹霞', '浈水', '曲江', '南华', '东河', '风采', '乐园', '犁市', '五岭', '粤北', '北江', '韶石']
export const FIRM_TRADES = ['商贸', '建筑工程', '餐饮管理', '物流', '农业科技', '文化传媒', '医药', '装饰设计', '电子科技', '旅游开发']
export const HANDLERS = ['窗口受理员', '承办人', '审核人', '科长', '分管领导']
export const MATERIALS = ['营业执照副本', '法定代表人身份证明', '经营场所使用证明', '申请书原件', '授权委托书', '房屋产权证明', '消防安全检查合格证明', '从业人员健康证明', '项目可行性研究报告', '规划总平面图', '户口簿复印件', '收入证明']
export const RETURN_REASONS = ['不属于本部门职权范围，已告知向有关部门申请', '申请材料不齐全且逾期未补正', '申请人不符合法定条件', '申请人撤回申请']
export const DENY_REASONS = ['经审查不符合法定条件，依法不予许可', '现场核查不符合要求', '专家评审未通过']
export const PROCEDURES = ['hearing', 'inspection', 'testing', 'appraisal', 'expertReview', 'other'] as const
export const SUBJECTS: Record<PetitionKind, readonly string[]> = {
  consultation: ['咨询企业开办流程', '咨询社保缴费标准', '咨询不动产登记材料', '咨询入学政策', '咨询居住证办理'],
  complaint: ['夜间施工噪音扰民', '占道经营', '小区物业收费', '餐饮油烟扰民', '道路积水'],
  petition: ['征地补偿问题', '劳资纠纷', '房屋质量问题', '低保资格问题'],
  mailbox: ['建议增设公交线路', '反映路灯损坏', '建议改善农贸市场环境', '反映学校周边交通'],
  efficiencyComplaint: ['窗口工作人员态度差', '办事多次跑动', '超时未办结', '要求提供非必要材料'],
}
export const CHANNELS: Record<PetitionKind, readonly string[]> = {
  consultation: ['12345热线', '政务服务网', '窗口'], complaint: ['12345热线', '政务服务网', '微信公众号'],
  petition: ['来访', '来信', '网上信访'], mailbox: ['区长信箱'], efficiencyComplaint: ['效能投诉平台', '12345热线'],
}
/** The channels open round the clock. */
export const OUT_OF_HOURS_CHANNELS: Record<PetitionKind, readonly string[]> = {
  consultation: ['12345热线', '12345热线', '政务服务网'], complaint: ['12345热线', '政务服务网', '微信公众号'],
  petition: ['网上信访'], mailbox: ['区长信箱'], efficiencyComplaint: ['效能投诉平台', '12345热线'],
}

export function person(r: Rand, birthYear: number): { name: string; idNumber: string; phone: string } {
  const name = pick(r, [...SURNAMES]) + pick(r, [...GIVEN]) + (r() < 0.6 ? pick(r, [...GIVEN]) : '')
  const body = `440204${birthYear}${String(between(r, 1, 12)).padStart(2, '0')}${String(between(r, 1, 28)).padStart(2, '0')}${String(between(r, 0, 999)).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0)
  const idNumber = body + '10X98765432'[sum % 11]!
  const phone = `1${pick(r, ['35', '36', '37', '38', '39', '50', '58', '80', '86', '89'])}${String(between(r, 0, 99_999_999)).padStart(8, '0')}`
  return { name, idNumber, phone }
}
export const firm = (r: Rand) => `${pick(r, FIRMS)}${pick(r, FIRM_WORDS)}${pick(r, FIRM_TRADES)}有限公司`

/** A position on the office clock: the k-th working day of the calendar and the office minute in it. */
export interface Pos { k: number; m: number }
