/** Texts of urging, supervision orders and instructions (merged into the catalogues as `supervision`). English: `messages.en.ts`, loaded only when English is chosen. */
export const zh = {
  nav: { orders: '督办', urgings: '催办', instructions: '待我批示', notifications: '我的通知' },
  states: { issued: '待办理', replied: '已回复', appealed: '已申诉·待批示', instructed: '已批示', concluded: '已办结' },
  levels: { normal: '正常', warning: '预警', yellow: '黄牌', red: '红牌' },
  steps: { issued: '发出督办', replied: '部门回复', appealed: '部门申诉', instructed: '领导批示', concluded: '督办结论' },
  channels: { inapp: '站内', email: '邮件', sms: '短信' },
  delivery: { pending: '待发送', held: '夜间暂缓', sending: '发送中', sent: '已送达', failed: '发送失败', skipped: '未发送' },
  events: {
    card_issued: '亮牌', case_warning: '办件预警', order_issued: '督办', order_replied: '督办回复', order_appealed: '申诉',
    order_instructed: '批示', order_concluded: '结论', order_warning: '督办预警', order_overdue: '督办超期',
    urging_created: '催办', urging_replied: '催办回复',
  },
  common: {
    refresh: '刷新', submit: '提交', cancel: '取消', back: '返回', empty: '暂无记录', loading: '加载中…', saved: '已提交',
    department: '责任部门', case: '关联办件', createdBy: '发起人', createdAt: '发起时间', detail: '详情', all: '全部',
  },
  orders: {
    title: '督办', create: '发起督办', orderNo: '督办编号', opinion: '督办意见', responsible: '责任人', due: '办理期限',
    dueDays: '期限（工作日）', dueDate: '截止日期', state: '状态', level: '监察级别', filterState: '按状态筛选',
    timeline: '督办过程（不可修改）', conclude: '作出结论', conclusion: '结论意见', concludePlaceholder: '整改是否到位、处理结果',
    levelChanges: '级别变化', cards: '督办亮牌', deliveries: '通知送达情况', recipient: '接收人', event: '通知', channel: '渠道', status: '状态',
    attempts: '尝试次数', sentAt: '送达时间', dueHint: '按本辖区工作日历计算：发出当日不计，自次一工作日起算',
    caseOptional: '受理编号（可选）', urgingLinked: '由催办转来', clockStopped: '部门已答复，计时停止', days: '{n} 个工作日',
  },
  urgings: {
    title: '催办', create: '发起催办', target: '催办对象', byCase: '办件', byDepartment: '部门', caseNo: '受理编号',
    message: '催办内容', recipients: '接收人', replies: '部门回复', noReply: '尚未回复', toOrder: '转为督办', replyCount: '回复数',
  },
  instructions: {
    title: '待我批示', hint: '以下督办已被责任部门申诉，等待您批示。', instruct: '批示', instruction: '批示意见',
    appeal: '申诉理由', none: '没有待批示的申诉',
  },
}
