import { describe, expect, it } from 'vitest'
import { dropRemoteFontSources } from '../dashboard/offlineCss.ts'

describe('dropRemoteFontSources', () => {
  it('removes remote font sources and keeps the embedded and local ones', () => {
    const css = '@font-face{font-family:vant-icon;src:url(data:font/woff2;base64,AAA=) format("woff2"),url(//at.alicdn.com/t/c/font.woff?t=1) format("woff")}.x{color:red}'
    expect(dropRemoteFontSources(css)).toBe('@font-face{font-family:vant-icon;src:url(data:font/woff2;base64,AAA=) format("woff2")}.x{color:red}')
    const https = 'src:url(/fonts/a.woff2) format("woff2"), url("https://cdn.example.com/a.woff") format(\'woff\');'
    expect(dropRemoteFontSources(https)).toBe('src:url(/fonts/a.woff2) format("woff2");')
  })
  it('leaves a stylesheet without remote sources unchanged', () => {
    const css = '@font-face{src:url(/assets/icon.woff2) format("woff2"),url(/assets/icon.woff) format("woff")}'
    expect(dropRemoteFontSources(css)).toBe(css)
  })
})
