import {describe, expect, it} from 'vitest'
import {parseImapUrl} from '../../src/bounces/read-imap-mailbox.js'

describe('parseImapUrl', () => {
  it('should require STARTTLS for imap:// to a host beyond loopback, so a stripped capability list cannot get the password sent in the clear', () => {
    expect(parseImapUrl('imap://bounces@mail.example.com/INBOX')).toMatchObject({secure: false, port: 143, requireStartTls: true})
    expect(parseImapUrl('imap://bounces@192.0.2.10/INBOX').requireStartTls).toBe(true)
    expect(parseImapUrl('imap://bounces@127.0.0.1.example.com/INBOX').requireStartTls).toBe(true)
  })

  it('should upgrade only when offered on loopback, and leave imaps:// to its implicit TLS', () => {
    expect(parseImapUrl('imap://bounces@127.0.0.1:1143/INBOX').requireStartTls).toBe(false)
    expect(parseImapUrl('imap://bounces@localhost/INBOX').requireStartTls).toBe(false)
    expect(parseImapUrl('imap://bounces@[::1]/INBOX').requireStartTls).toBe(false)
    expect(parseImapUrl('imaps://bounces@mail.example.com/Bounces')).toMatchObject({secure: true, port: 993, requireStartTls: false, mailbox: 'Bounces'})
  })
})
