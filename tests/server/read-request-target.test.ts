import {describe, expect, it} from 'vitest'
import {readRequestTarget} from '../../src/server/read-request-target.js'

const read = (url: string, hosts: string[] = ['127.0.0.1:4100']) => readRequestTarget({url, headersDistinct: hosts.length > 0 ? {host: hosts} : {}})

describe('readRequestTarget', () => {
  it('should read an origin-form target and its query', () => {
    const target = read('/confirm?token=a.b&x=%zz')
    expect(target?.pathname).toBe('/confirm')
    expect(target?.searchParams.get('token')).toBe('a.b')
    expect(target?.host).toBe('127.0.0.1')
    expect(target?.targetHost).toBeUndefined()
  })

  it('should keep a target starting with two slashes or a backslash on our own origin', () => {
    expect(read('//evil.example/subscribe')?.pathname).toBe('//evil.example/subscribe')
    expect(read('//%zz')?.pathname).toBe('//%zz')
    expect(read('/\\evil.example/x')?.pathname).toBe('//evil.example/x')
  })

  it('should read an http(s) absolute-form target and name its host', () => {
    expect(read('http://LOCALHOST:4000/a?b=c')).toMatchObject({pathname: '/a', targetHost: 'localhost'})
    expect(read('HTTPS://[::1]/')).toMatchObject({pathname: '/', targetHost: '[::1]'})
  })

  it('should refuse, never throw on, every target that is not origin-form or http(s) absolute-form', () => {
    for (const target of ['', '*', 'example.com:443', 'http://[bad', 'http://127.0.0.1:99999/', 'http://exa mple/', 'ftp://example.com/', 'javascript:alert(1)', 'x/y', '%2F']) {
      expect(read(target), target).toBeUndefined()
    }
  })

  it('should refuse more than one Host header or an invalid one, and read a missing one as empty', () => {
    expect(read('/', ['a.example', 'b.example'])).toBeUndefined()
    for (const host of ['[bad', 'a b', 'a/b', 'user@host', 'host:port', '::1']) expect(read('/', [host]), host).toBeUndefined()
    expect(read('/', ['[::1]:4000'])?.host).toBe('[::1]')
    expect(read('/', ['LocalHost'])?.host).toBe('localhost')
    expect(read('/', [])?.host).toBe('')
  })
})
