import {describe, expect, it} from 'vitest'
import {extractWireRelease} from '../../src/import/extract-wire-release.js'

describe('extractWireRelease', () => {
  it('should keep forward-looking statements after the About section in the body, not the boilerplate', () => {
    const wire = extractWireRelease([
      'Acme Opens a Depot',
      '',
      'LEEDS, England, June 2, 2026 (GLOBE NEWSWIRE) -- Acme plc (LSE: ACME) today opened a depot.',
      '',
      'About Acme plc',
      'Acme plc moves parcels across the north of England.',
      '',
      'Forward-Looking Statements',
      'This release says what Acme expects; expectations can be wrong.',
      '',
      'Source: Acme plc'
    ].join('\n'))
    expect(wire.organization).toMatchObject({name: 'Acme plc', tickers: ['LSE: ACME'], boilerplate: ['Acme plc moves parcels across the north of England.']})
    expect(wire.body).toEqual(['Acme plc (LSE: ACME) today opened a depot.', 'Forward-Looking Statements This release says what Acme expects; expectations can be wrong.'])
    expect(wire.notes).toEqual([{line: 8, what: 'forward-looking statements kept in the body'}])
  })
})
