/** Texts of the sign-in page (merged into the catalogues as `login`). English: `messages.en.ts`, loaded only when English is chosen. */
export const zh = {
  title: '登录',
  loginName: '登录名',
  password: '密码',
  submit: '登录',
  submitting: '正在登录…',
  signedInAs: '当前用户：{name}',
  logout: '退出登录',
  forbidden: '当前账户（{name}）无权访问该页面，请使用有权限的账户登录。',
  expired: '登录已失效（已过期或已被注销），请重新登录；登录后回到原页面。',
  required: '请输入登录名和密码',
  sso: '统一身份认证登录',
}
