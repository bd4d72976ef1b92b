/** Texts of the department's urgings and orders in /window (merged into the catalogues as `windowOrders`). English: `messages.en.ts`, loaded only when English is chosen. */
export const zh = {
  nav: { inbox: '督办催办', notifications: '我的通知' },
  title: '本部门的督办与催办',
  tabs: { orders: '督办', urgings: '催办' },
  pending: '待处理 {n}',
  reply: '回复', appeal: '申诉', replyPlaceholder: '办理情况、整改结果', appealPlaceholder: '申诉理由（将提交领导批示）',
  appealHint: '申诉只能提出一次，提交后由领导批示；批示后仍可回复。',
  dueIn: '请于 {date} 前办理', answered: '已答复', urgingReply: '回复催办', noOrders: '本部门暂无督办', noUrgings: '本部门暂无催办',
}
