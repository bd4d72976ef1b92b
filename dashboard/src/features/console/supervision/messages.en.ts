import type { zh } from './messages.ts'

/** English texts of `messages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  nav: { orders: 'Orders', urgings: 'Urgings', instructions: 'Awaiting my instruction', notifications: 'My notifications' },
  states: { issued: 'Open', replied: 'Replied', appealed: 'Appealed · awaiting instruction', instructed: 'Instructed', concluded: 'Concluded' },
  levels: { normal: 'Normal', warning: 'Warning', yellow: 'Yellow card', red: 'Red card' },
  steps: { issued: 'Order issued', replied: 'Department reply', appealed: 'Department appeal', instructed: "Leader's instruction", concluded: 'Conclusion' },
  channels: { inapp: 'In-app', email: 'E-mail', sms: 'SMS' },
  delivery: { pending: 'Pending', held: 'Held (quiet hours)', sending: 'Sending', sent: 'Delivered', failed: 'Failed', skipped: 'Not sent' },
  events: {
    card_issued: 'Card', case_warning: 'Case warning', order_issued: 'Order', order_replied: 'Order reply', order_appealed: 'Appeal',
    order_instructed: 'Instruction', order_concluded: 'Conclusion', order_warning: 'Order warning', order_overdue: 'Order overdue',
    urging_created: 'Urging', urging_replied: 'Urging reply',
  },
  common: {
    refresh: 'Refresh', submit: 'Submit', cancel: 'Cancel', back: 'Back', empty: 'Nothing yet', loading: 'Loading…', saved: 'Submitted',
    department: 'Department', case: 'Case', createdBy: 'Issued by', createdAt: 'Issued at', detail: 'Details', all: 'All',
  },
  orders: {
    title: 'Supervision orders', create: 'Issue an order', orderNo: 'Order no.', opinion: 'Opinion', responsible: 'Responsible person', due: 'Due',
    dueDays: 'Due in (working days)', dueDate: 'Due date', state: 'State', level: 'Level', filterState: 'Filter by state',
    timeline: 'Timeline (immutable)', conclude: 'Record the conclusion', conclusion: 'Conclusion', concludePlaceholder: 'Was it put right? The outcome',
    levelChanges: 'Level changes', cards: 'Cards on this order', deliveries: 'Notification delivery', recipient: 'Recipient', event: 'Notification', channel: 'Channel', status: 'Status',
    attempts: 'Attempts', sentAt: 'Delivered at', dueHint: "Counted on the jurisdiction's working-day calendar: the day of issue does not count",
    caseOptional: 'Receipt number (optional)', urgingLinked: 'From an urging', clockStopped: 'The department has answered: the clock is stopped', days: '{n} working days',
  },
  urgings: {
    title: 'Urgings', create: 'Urge', target: 'About', byCase: 'A case', byDepartment: 'A department', caseNo: 'Receipt number',
    message: 'Message', recipients: 'Recipients', replies: 'Replies', noReply: 'No reply yet', toOrder: 'Escalate to an order', replyCount: 'Replies',
  },
  instructions: {
    title: 'Awaiting my instruction', hint: 'These orders were appealed by the department and await your instruction.', instruct: 'Instruct', instruction: 'Instruction',
    appeal: 'Grounds of the appeal', none: 'No appeal awaits your instruction',
  },
}
