// `node scripts/media-topics.mjs cptall-en-GB.json`: regenerate vocabularies/iptc-media-topics.json from IPTC's Media
// Topics NewsCodes in IPTC's JSON (IKOS) format, as published at
// https://cv.iptc.org/newscodes/mediatopic/?lang=en-GB&format=json (CC BY 4.0, IPTC).
//
// Only what pressroom uses is kept: each current concept's code, English label and broader code. Retired concepts
// are left out, so a release cannot be filed under a topic IPTC no longer offers.
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const [source] = process.argv.slice(2)
if (source === undefined) {
  console.error('Usage: node scripts/media-topics.mjs cptall-en-GB.json')
  process.exit(2)
}
const scheme = JSON.parse(readFileSync(source, 'utf8'))
if (scheme.uri !== 'http://cv.iptc.org/newscodes/mediatopic/' || !Array.isArray(scheme.conceptSet)) {
  console.error(`${source} is not IPTC's Media Topics scheme (expected uri http://cv.iptc.org/newscodes/mediatopic/ and a conceptSet)`)
  process.exit(1)
}
const codeOf = (uri) => /\/mediatopic\/(\d{8})$/.exec(uri)?.[1]
const topics = scheme.conceptSet
  .filter((concept) => concept.retired === undefined)
  .flatMap((concept) => {
    const code = codeOf(concept.uri)
    const label = concept.prefLabel?.['en-GB']
    // A release of the scheme has held a malformed URI (`2000118x`): such a concept cannot be cited by a qcode, so it
    // is left out, and said so.
    if (code === undefined || typeof label !== 'string') {
      console.error(`Skipped ${JSON.stringify(concept.uri)}: no 8-digit code or no en-GB label`)
      return []
    }
    const broader = concept.broader?.map(codeOf).find((parent) => parent !== undefined)
    return [broader === undefined ? [code, label] : [code, label, broader]]
  })
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
const data = {
  scheme: scheme.uri,
  alias: scheme.prefSchemeAlias,
  dateReleased: scheme.dateReleased,
  copyrightHolder: scheme.copyrightHolder,
  licence: scheme.licenceLink,
  fields: ['code', 'label (en-GB)', 'broader code'],
  topics
}
const out = join(new URL('..', import.meta.url).pathname, 'vocabularies', 'iptc-media-topics.json')
writeFileSync(out, `${JSON.stringify(data, null, 0).replace(/\],\[/g, '],\n[')}\n`)
console.log(`Wrote ${topics.length} topics (released ${scheme.dateReleased}) to ${out}`)
