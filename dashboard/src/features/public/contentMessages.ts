/**
 * Texts of the public site's content pages (站内搜索, 信件公开 with hot letters and satisfaction
 * rankings). Kept apart from messages.ts; the locale is the dashboard's. Add zh first; en
 * (contentMessages.en.ts, fetched the first time English is shown) must match.
 */
import type { ComputedRef } from 'vue'
import { lazyTexts } from '../../i18n/index.ts'

export const zh = {
  search: {
    title: '站内搜索',
    label: '关键词',
    placeholder: '例如：营业执照、排水许可',
    submit: '搜索',
    results: '找到 {n} 条',
    none: '没有找到相符的内容',
    more: '结果较多，只列出每类前 20 条，请加关键词缩小范围。',
    kinds: { item: '办事指南', announcement: '公告', answer: '信件公开' },
  },
  letters: {
    title: '信件公开',
    intro: '监察中心选定公开的群众来信及部门答复，已去除个人信息。',
    latest: '最新公开',
    hotWeek: '本周热点信件',
    hotMonth: '本月热点信件',
    reads: '阅读 {n}',
    none: '暂无公开的信件',
    satisfaction: '群众满意度排名',
    week: '近 7 天',
    month: '近 30 天',
    department: '部门',
    average: '平均评分',
    satisfied: '满意率',
    ratings: '评价数',
    insufficient: '评价少于 {n} 件，不参与排名',
    answer: '答复内容',
    department2: '答复部门',
    repliedAt: '答复日期',
    back: '返回信件公开',
    notFound: '该信件不存在或已撤下。',
    publicRatings: '公众评价：{average} 分（{n} 人评价）',
    noRatings: '还没有公众评价',
    rateThis: '您对这件答复满意吗？（匿名评价，无需登录）',
    rateSubmit: '提交评价',
    preparing: '正在准备验证…',
    thanks: '感谢您的评价。',
  },
}

const useContentTexts = lazyTexts(zh, () => import('./english.ts').then((m) => m.content))

export function useContentText(): { ct: ComputedRef<typeof zh>; fill: (s: string, params: Record<string, string | number>) => string } {
  const { texts: ct } = useContentTexts()
  const fill = (s: string, params: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole))
  return { ct, fill }
}
