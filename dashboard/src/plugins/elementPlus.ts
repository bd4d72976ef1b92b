import type { App } from 'vue'

/**
 * Element Plus (full import, zh-cn locale) is registered only when a surface that uses it
 * (/console, /window, /admin) is first visited: the wall, the public site and the mobile view
 * never download it. Called from the router guard in main.ts; safe to call repeatedly.
 */
let installing: Promise<void> | undefined

export function installElementPlus(app: App): Promise<void> {
  installing ??= import('./elementPlusFull.ts').then(
    ({ ElementPlus, zhCn }) => {
      app.use(ElementPlus, { locale: zhCn })
    },
    (error: unknown) => {
      installing = undefined // let the next navigation try again (e.g. after a redeploy)
      throw error
    },
  )
  return installing
}
