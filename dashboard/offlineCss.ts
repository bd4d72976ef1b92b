/**
 * Build step: removes font sources on other hosts from third-party stylesheets. Vant's icon font
 * lists `//at.alicdn.com/…woff` after its embedded woff2: a browser that takes the woff2 never
 * needs it, and the product makes no call outside its own machine at run time (the Content
 * Security Policy blocks it anyway, and every page that loaded it logged a console error).
 */
import type { Plugin } from 'vite'

/** `,url(//host/…) format("…")` entries of `src:` lists whose URL is not on this site. */
const REMOTE_FONT_SRC = /,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(\s*["'][^"']*["']\s*\)/g

/** The stylesheet without its remote font sources. */
export function dropRemoteFontSources(css: string): string {
  return css.replace(REMOTE_FONT_SRC, '')
}

export function offlineCss(): Plugin {
  return {
    name: 'supervision:offline-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/node_modules[\\/].*\.css(\?|$)/.test(id) || !REMOTE_FONT_SRC.test(code)) return null
      REMOTE_FONT_SRC.lastIndex = 0
      return { code: dropRemoteFontSources(code), map: null }
    },
  }
}
