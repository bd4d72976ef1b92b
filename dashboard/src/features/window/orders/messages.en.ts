import type { zh } from './messages.ts'

/** English texts of `messages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  nav: { inbox: 'Orders & urgings', notifications: 'My notifications' },
  title: "Your department's supervision orders and urgings",
  tabs: { orders: 'Orders', urgings: 'Urgings' },
  pending: '{n} to answer',
  reply: 'Reply', appeal: 'Appeal', replyPlaceholder: 'What was done, the outcome', appealPlaceholder: 'Grounds (goes to a leader for instruction)',
  appealHint: 'An order can be appealed once; a leader then instructs, after which you can still reply.',
  dueIn: 'Due by {date}', answered: 'Answered', urgingReply: 'Reply to the urging', noOrders: 'No orders for your department', noUrgings: 'No urgings for your department',
}
