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
})
