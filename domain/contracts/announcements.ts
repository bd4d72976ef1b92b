/** Columns of the public site's announcements: 监察动态, 监察公告, 法律法规, 热点问题. */
export const ANNOUNCEMENT_COLUMNS = ['news', 'notice', 'law', 'hot'] as const
export type AnnouncementColumn = (typeof ANNOUNCEMENT_COLUMNS)[number]
