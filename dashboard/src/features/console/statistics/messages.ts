/** Texts of the statistics page (merged into the catalogues as `statistics`). Add zh first; en must match. English: `messages.en.ts`, loaded only when English is chosen. */
export const zh = {
  title: '业务统计',
  tabs: { timeLimit: '时限统计', types: '类型统计', petitions: '信访投诉统计', custom: '自定义统计' },
  period: { label: '统计期间', day: '日', week: '周', month: '月', quarter: '季度', year: '年', custom: '自定义', at: '所在日期', range: '日期范围' },
  group: { label: '分组', jurisdiction: '行政区划', department: '部门', item: '事项', kind: '类别', channel: '渠道' },
  bucket: { label: '范围', today: '今日受理', inProgress: '在办', concluded: '已办结' },
  levels: { normal: '正常', warning: '预警', yellow: '黄牌', red: '红牌' },
  types: { immediate: '即办件', promised: '承诺件', joint: '联办件', escalated: '上报件', returned: '退回件', supplemented: '补办件' },
  typePeriods: { today: '今日', week: '本周', month: '本月', quarter: '本季度', year: '本年', all: '全部' },
  cols: {
    name: '名称', total: '合计', share: '占比', period: '期间', closed: '已办结', onTime: '按时答复', late: '超期答复', unanswered: '未答复',
    overdue: '当前超期', rated: '已评价', satisfied: '满意', onTimeRate: '按时率', satisfaction: '满意率', ratingMean: '平均评分',
  },
  custom: {
    dimensions: '统计维度', grain: '时间粒度', measures: '统计指标', filter: '筛选', run: '统计', save: '保存为报表', reportName: '报表名称',
    shareWith: '共享给角色', saved: '已保存的报表', load: '打开', saveOk: '报表已保存', status: '状态', truncated: '结果超过 5000 组，仅显示前 5000 组',
    dims: { jurisdiction: '行政区划', department: '部门', item: '事项', caseType: '办件类型', handler: '承办人', period: '期间' },
    grains: { week: '周', month: '月', quarter: '季度' },
    measureNames: { cases: '办件数', onTimeRate: '按时办结率', daysMean: '平均用时（工作日）', daysP90: '90% 用时（工作日）', supplementsPerCase: '件均补正', cardsPer100: '每百件红黄牌', fees: '收费（元）' },
    statuses: { pending: '待受理', inProgress: '在办', concluded: '已办结', returned: '退件' },
    roles: { admin: '管理员', supervisor: '监察员', leader: '领导', department_head: '部门负责人' },
  },
  refresh: '刷新',
  export: '导出 Excel',
  drillHint: '点击数字查看对应办件',
  empty: '所选期间没有数据',
  any: '全部',
}
