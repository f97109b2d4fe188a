import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {rules} from '../src/report/rules.js'
import {knownKeys} from '../src/release/front-matter-schema.js'
import {configSchema} from '../src/config/config-schema.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const rowKeys = (table: string) => [...readme.matchAll(new RegExp(`^\\| \`([a-zA-Z-]+)\` \\| ${table}`, 'gm'))].map((match) => match[1])

describe('the README', () => {
  it('should document every content rule with its level, and no rule that does not exist', () => {
    const documented = rowKeys('(error|warning) \\|')
    expect(documented.sort()).toEqual(Object.keys(rules).sort())
    for (const [id, rule] of Object.entries(rules)) {
      expect(readme).toContain(`| \`${id}\` | ${rule.fatal ? 'error' : 'warning'} |`)
    }
  })

  it('should document every front matter key and every config key', () => {
    for (const key of knownKeys) expect(readme).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'))
    for (const key of Object.keys(configSchema.shape)) expect(readme).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'))
  })

  it('should keep the two-command quick start', () => {
    expect(readme).toContain('npm install && npm start')
    expect(readme).toContain('npm test')
  })
})
