/** Texts of the sign-in page (merged into the catalogues as `login`). */
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
export const en: typeof zh = {
  title: 'Sign in',
  loginName: 'Login name',
  password: 'Password',
  submit: 'Sign in',
  submitting: 'Signing in…',
  signedInAs: 'Signed in as {name}',
  logout: 'Sign out',
  forbidden: 'This account ({name}) may not open that page; sign in with an account that may.',
  expired: 'The session has ended (expired or signed out); sign in again to go back to the page.',
  required: 'Enter your login name and password',
  sso: 'Single sign-on',
}
