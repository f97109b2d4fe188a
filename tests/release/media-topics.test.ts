import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {closestTopics, mediaTopics, resolveSubject} from '../../src/release/media-topics.js'

const root = join(import.meta.dirname, '../..')
const vocabularyPath = join(root, 'vocabularies/iptc-media-topics.json')

describe('IPTC Media Topics', () => {
  it('should resolve a qcode, a bare code and a label in any case to the same topic', () => {
    for (const entry of ['medtop:04000000', '04000000', 'Economy, Business and Finance', '  economy,  business and finance ']) {
      expect(resolveSubject(entry)).toEqual({kind: 'topic', topic: {code: '04000000', label: 'economy, business and finance'}})
    }
  })

  it('should call a code IPTC never published unknown, and a label IPTC gives twice ambiguous', () => {
    expect(resolveSubject('medtop:99999999')).toEqual({kind: 'unknown', written: 'code'})
    expect(resolveSubject('renewable power')).toEqual({kind: 'unknown', written: 'label'})
    const match = resolveSubject('online media')
    expect(match.kind).toBe('ambiguous')
    expect(match.kind === 'ambiguous' && match.topics.map((topic) => topic.code).sort()).toEqual(['20000048', '20000311'])
  })

  it('should offer the labels sharing the most words first, then the fewest edits away', () => {
    expect(closestTopics('economy business').map((topic) => topic.label)[0]).toBe('economy, business and finance')
    expect(closestTopics('renewable enrgy', 1)).toEqual([{code: '20000436', label: 'renewable energy'}])
  })

  it('should ship only codes of eight digits whose broader code is in the vocabulary too, with IPTC named as its source', () => {
    const data = JSON.parse(readFileSync(vocabularyPath, 'utf8')) as {copyrightHolder: string; licence: string; topics: Array<[string, string, string?]>}
    expect(data.copyrightHolder).toMatch(/^IPTC/)
    expect(data.licence).toBe('http://creativecommons.org/licenses/by/4.0/')
    const codes = new Set(data.topics.map(([code]) => code))
    expect(codes.size).toBe(data.topics.length)
    for (const [code, label, broader] of data.topics) {
      expect(code).toMatch(/^\d{8}$/)
      expect(label.trim()).not.toBe('')
      if (broader !== undefined) expect(codes.has(broader), `${code}'s broader ${broader}`).toBe(true)
    }
    expect(mediaTopics().byCode.size).toBe(data.topics.length)
  })

  it('should regenerate the vocabulary file from IPTC JSON with the script, leaving out retired and malformed concepts', () => {
    const work = mkdtempSync(join(tmpdir(), 'pressroom-topics-'))
    try {
      mkdirSync(join(work, 'scripts'))
      mkdirSync(join(work, 'vocabularies'))
      cpSync(join(root, 'scripts/media-topics.mjs'), join(work, 'scripts/media-topics.mjs'))
      const concept = (code: string, label: string, extra: object = {}) => ({uri: `http://cv.iptc.org/newscodes/mediatopic/${code}`, qcode: `medtop:${code}`, prefLabel: {'en-GB': label}, ...extra})
      const scheme = {
        uri: 'http://cv.iptc.org/newscodes/mediatopic/',
        prefSchemeAlias: 'medtop',
        dateReleased: '2024-01-01T00:00:00+00:00',
        copyrightHolder: 'IPTC, International Press Telecommunications Council - https://iptc.org',
        licenceLink: 'http://creativecommons.org/licenses/by/4.0/',
        conceptSet: [
          concept('20000002', 'arts and entertainment', {broader: ['http://cv.iptc.org/newscodes/mediatopic/01000000']}),
          concept('01000000', 'arts, culture, entertainment and media'),
          concept('20000004', 'cartoon', {retired: '2020-01-01T00:00:00+00:00'}),
          concept('2000118x', 'r&b')
        ]
      }
      writeFileSync(join(work, 'cptall-en-GB.json'), JSON.stringify(scheme))
      const run = spawnSync(process.execPath, [join(work, 'scripts/media-topics.mjs'), join(work, 'cptall-en-GB.json')], {encoding: 'utf8'})
      expect(run.status, run.stderr).toBe(0)
      expect(run.stderr).toContain('Skipped "http://cv.iptc.org/newscodes/mediatopic/2000118x"')
      const written = JSON.parse(readFileSync(join(work, 'vocabularies/iptc-media-topics.json'), 'utf8')) as {dateReleased: string; topics: unknown}
      expect(written.dateReleased).toBe('2024-01-01T00:00:00+00:00')
      expect(written.topics).toEqual([['01000000', 'arts, culture, entertainment and media'], ['20000002', 'arts and entertainment', '01000000']])
    } finally {
      rmSync(work, {recursive: true, force: true})
    }
  })
})
