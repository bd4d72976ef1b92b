import type { zh } from './notificationMessages.ts'

/** English texts of `notificationMessages.ts` (loaded only when English is chosen). Same keys as zh (the type says so). */
export const en: typeof zh = {
  bell: 'Notifications', title: 'My notifications', unread: '{n} unread', markAll: 'Mark all read', markRead: 'Mark read', empty: 'No notifications',
  viewAll: 'View all', open: 'Open', urgent: 'Urgent', onlyUnread: 'Unread only', live: 'Live', offline: 'Offline',
}
