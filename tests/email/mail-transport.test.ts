import {describe, expect, it} from 'vitest'
import {classifySmtpError, maskSmtpUrl, parseSmtpUrl} from '../../src/email/mail-transport.js'

describe('SMTP_URL handling', () => {
  it('should mask the password in anything it prints', () => {
    expect(maskSmtpUrl('smtps://news%40example.com:s3cr%2Ft@mail.example.com:465')).toBe('smtps://news%40example.com:****@mail.example.com:465')
    expect(maskSmtpUrl('not a url')).toBe('(unreadable SMTP_URL)')
  })

  it('should refuse a URL that is not smtp:// or smtps:// without echoing its password', () => {
    expect(() => parseSmtpUrl('http://user:hunter2@mail.example.com')).toThrow(expect.objectContaining({code: 'SMTP_URL_INVALID'}))
    expect(() => parseSmtpUrl('http://user:hunter2@mail.example.com')).toThrow(/http:\/\/user:\*\*\*\*@mail\.example\.com/)
    expect(() => parseSmtpUrl('mail.example.com:25')).toThrow(expect.objectContaining({code: 'SMTP_URL_INVALID'}))
    expect(parseSmtpUrl('smtp://127.0.0.1:2525').port).toBe('2525')
  })

  it('should retry 4xx replies, fail on 5xx and treat a dropped connection or 421 as losing the server', () => {
    const reply = (responseCode: number, response: string) => Object.assign(new Error(response), {responseCode, response})
    expect(classifySmtpError(reply(451, '451 4.7.1 Greylisted'))).toEqual({kind: 'transient', reply: '451 4.7.1 Greylisted'})
    expect(classifySmtpError(reply(550, '550 5.1.1 No such\r\n user'))).toEqual({kind: 'permanent', reply: '550 5.1.1 No such user'})
    expect(classifySmtpError(reply(421, '421 Shutting down')).kind).toBe('connection')
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNECTION'})).kind).toBe('connection')
  })

  it('should take a connection dropped without a reply for a message the server may hold, but not a refused connection or a 421', () => {
    const dropped = Object.assign(new Error('Connection closed unexpectedly'), {code: 'ECONNECTION', command: 'CONN'})
    expect(classifySmtpError(dropped)).toEqual({kind: 'connection', reply: 'Connection closed unexpectedly', maybeDelivered: true})
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ESOCKET', originalCode: 'ECONNREFUSED'})
    expect(classifySmtpError(refused)).toMatchObject({kind: 'connection', maybeDelivered: false})
    expect(classifySmtpError(Object.assign(new Error('421 Bye'), {responseCode: 421, response: '421 Bye'}))).toMatchObject({kind: 'connection', maybeDelivered: false})
  })
})
