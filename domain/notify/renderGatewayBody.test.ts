import { describe, expect, it } from 'vitest'
import { renderGatewayBody } from './renderGatewayBody.ts'

describe('renderGatewayBody', () => {
  it('escapes values for JSON so quotes, backslashes and newlines keep the body valid', () => {
    const body = renderGatewayBody('{"to":"{{phone}}","msg":"{{text}}","sign":"{{ sign }}"}', { phone: '13800000000', text: '请"尽快"\\处理\n谢谢', sign: '浈江' }, true)
    expect(JSON.parse(body)).toEqual({ to: '13800000000', msg: '请"尽快"\\处理\n谢谢', sign: '浈江' })
  })
  it('form-encodes values otherwise and empties unknown placeholders', () => {
    expect(renderGatewayBody('to={{phone}}&msg={{text}}&x={{nope}}', { phone: '138', text: '督办 & 催办' }, false)).toBe('to=138&msg=%E7%9D%A3%E5%8A%9E%20%26%20%E5%82%AC%E5%8A%9E&x=')
  })
  it('does not read inherited properties as placeholders', () => {
    expect(renderGatewayBody('{{constructor}}', {}, true)).toBe('')
  })
})
