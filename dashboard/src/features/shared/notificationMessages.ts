/** Texts of the notification bell and inbox (merged into the catalogues as `notifications`). English: `notificationMessages.en.ts`, loaded only when English is chosen. */
export const zh = {
  bell: '通知', title: '我的通知', unread: '{n} 条未读', markAll: '全部标为已读', markRead: '标为已读', empty: '暂无通知',
  viewAll: '查看全部', open: '查看', urgent: '紧急', onlyUnread: '只看未读', live: '实时', offline: '未连接',
}
