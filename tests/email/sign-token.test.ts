import {describe, expect, it} from 'vitest'
import {signToken, verifyToken} from '../../src/email/sign-token.js'

const secret = 'test-secret-0123456789'

describe('signToken', () => {
  it('should verify its own token and give back subscriber, list and action', () => {
    const token = signToken({subscriberId: 42, list: 'digest.newsroom.example.com', action: 'unsubscribe'}, secret)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(verifyToken(token, secret)).toEqual({subscriberId: 42, list: 'digest.newsroom.example.com', action: 'unsubscribe'})
  })

  it('should refuse a token signed with another secret, a changed body, or the wrong action', () => {
    const token = signToken({subscriberId: 42, list: 'news', action: 'unsubscribe'}, secret)
    const [, signature] = token.split('.')
    const forged = `${Buffer.from('43~news~unsubscribe~').toString('base64url')}.${signature}`
    expect(verifyToken(token, 'another-secret-0123456789')).toBeUndefined()
    expect(verifyToken(forged, secret)).toBeUndefined()
    expect(verifyToken(token, secret, {action: 'confirm'})).toBeUndefined()
    expect(verifyToken('garbage', secret)).toBeUndefined()
  })

  it('should refuse a confirm token after its expiry', () => {
    const token = signToken({subscriberId: 7, list: 'news', action: 'confirm', expires: 2_000}, secret)
    expect(verifyToken(token, secret, {now: 1_000})).toEqual({subscriberId: 7, list: 'news', action: 'confirm', expires: 2_000})
    expect(verifyToken(token, secret, {now: 2_000})).toBeUndefined()
  })

  describe('given a token changed in any way', () => {
    const tokens = [
      signToken({subscriberId: 42, list: 'digest.newsroom.example.com', action: 'unsubscribe'}, secret),
      signToken({subscriberId: 7, list: 'news', action: 'confirm', expires: 4_102_444_800_000}, secret)
    ]
    // Every byte value, and a few characters beyond, as they could arrive in a URL or a mailto body.
    const characters = [...Array.from({length: 256}, (_, code) => String.fromCharCode(code)), '\u00e9', '\u2028', '\ufeff', '\ud83d\ude00']
    const sameBytes = (a: string, b: string) => Buffer.from(a, 'base64url').equals(Buffer.from(b, 'base64url'))

    it('should refuse every single-character substitution, including those the decoder reads as the same bytes', () => {
      const accepted: string[] = []
      let decodedAlike = 0
      for (const token of tokens) {
        expect(verifyToken(token, secret)).toBeDefined()
        const [originalBody = '', originalSignature = ''] = token.split('.')
        for (let at = 0; at < token.length; at++) {
          for (const character of characters) {
            if (character === token[at]) continue
            const changed = token.slice(0, at) + character + token.slice(at + 1)
            const [body = '', signature = '', extra] = changed.split('.')
            if (extra === undefined && sameBytes(body, originalBody) && sameBytes(signature, originalSignature)) decodedAlike++
            if (verifyToken(changed, secret) !== undefined) accepted.push(changed)
          }
        }
      }
      expect(accepted).toEqual([])
      // The class is real: some substitutions (the spare bits of a last character, `+` for `-`) decode to the same bytes.
      expect(decodedAlike).toBeGreaterThan(0)
    })

    it('should refuse the insertion, anywhere, of every character the decoder skips', () => {
      const skipped = characters.filter((character) => character !== '.' && sameBytes(`AAAA${character}AAAA`, 'AAAAAAAA'))
      expect(skipped).toEqual(expect.arrayContaining([' ', '\n', '\0', '%', '\u00e9']))
      const accepted: string[] = []
      for (const token of tokens) {
        for (let at = 0; at <= token.length; at++) {
          for (const character of skipped) {
            const changed = token.slice(0, at) + character + token.slice(at)
            if (verifyToken(changed, secret) !== undefined) accepted.push(changed)
          }
        }
      }
      expect(accepted).toEqual([])
    })

    it('should refuse padding added to either part, and an empty part', () => {
      for (const token of tokens) {
        const [body, signature] = token.split('.')
        for (const padding of ['=', '==', '===', '%3D']) {
          for (const changed of [`${body}${padding}.${signature}`, `${body}.${signature}${padding}`, `${body}${padding}.${signature}${padding}`]) {
            expect(verifyToken(changed, secret), changed).toBeUndefined()
          }
        }
        for (const changed of [`.${signature}`, `${body}.`, `${body}.${signature}.`, `${body}..${signature}`]) expect(verifyToken(changed, secret), changed).toBeUndefined()
      }
    })
  })
})
