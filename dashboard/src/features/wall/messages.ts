/** Texts of the wall surface (merged into the catalogues as `wall`). Add zh first; en must match. */
export const zh = {
  subtitle: '实时监察大屏',
  panels: {
    departments: '部门实时状态',
    cards: '预警与红黄牌动态',
    trends: '办件与时限趋势',
    map: '辖区地图',
  },
  awaitingData: '建设中 · 待接入实时数据',
  connection: '系统',
}
export const en: typeof zh = {
  subtitle: 'Live supervision wall',
  panels: {
    departments: 'Departments, live',
    cards: 'Warnings and cards',
    trends: 'Case and time-limit trends',
    map: 'District map',
  },
  awaitingData: 'Under construction · awaiting live data',
  connection: 'System',
}
