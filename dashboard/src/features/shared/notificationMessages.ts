/** Texts of the notification bell and inbox (merged into the catalogues as `notifications`). */
export const zh = {
  bell: '通知', title: '我的通知', unread: '{n} 条未读', markAll: '全部标为已读', markRead: '标为已读', empty: '暂无通知',
  viewAll: '查看全部', open: '查看', urgent: '紧急', onlyUnread: '只看未读', live: '实时', offline: '未连接',
}
export const en: typeof zh = {
  bell: 'Notifications', title: 'My notifications', unread: '{n} unread', markAll: 'Mark all read', markRead: 'Mark read', empty: 'No notifications',
  viewAll: 'View all', open: 'Open', urgent: 'Urgent', onlyUnread: 'Unread only', live: 'Live', offline: 'Offline',
}
