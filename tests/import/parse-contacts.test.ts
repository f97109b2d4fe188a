import {describe, expect, it} from 'vitest'
import {parseContacts} from '../../src/import/parse-contacts.js'

describe('parseContacts', () => {
  it('should read one contact per group or label and name the lines that fit no field', () => {
    const lines = ['Media:', 'Ana Ruiz', 'Director of Communications', 'Acme Ltd', 'Tel: +44 20 5550 1234', 'ana@acme.example', '', 'Investors: call the main switchboard between nine and five on weekdays.', 'ir@acme.example']
    const {contacts, stray} = parseContacts(lines.map((text, index) => ({line: index + 10, text})), 'Acme Ltd')
    expect(contacts).toEqual([{name: 'Ana Ruiz', role: 'Director of Communications', phone: '+44 20 5550 1234', email: 'ana@acme.example'}, {email: 'ir@acme.example'}])
    expect(stray).toEqual([{line: 17, text: 'Investors: call the main switchboard between nine and five on weekdays.'}])
  })
})
