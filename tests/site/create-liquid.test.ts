import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLiquid} from '../../src/site/create-liquid.js'

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pressroom-liquid-'))
  await writeFile(join(root, 'greeting.liquid'), '<p>{{ name }}</p>{{ html | raw }}')
  await writeFile(join(root, 'typo.liquid'), '{{ name | upcsae }}')
})
afterAll(() => rm(root, {recursive: true, force: true}))

describe('createLiquid', () => {
  it('should render templates from the root it is given and escape output unless told raw', async () => {
    const html = await createLiquid({root}).renderFile('greeting', {name: '<b>"Ann" & co</b>', html: '<i>ok</i>'})
    expect(html).toBe('<p>&lt;b&gt;&#34;Ann&#34; &amp; co&lt;/b&gt;</p><i>ok</i>')
  })

  it('should leave plain-text templates unescaped', async () => {
    expect(await createLiquid({root, plainText: true}).renderFile('greeting', {name: 'Q&A <today>', html: ''})).toBe('<p>Q&A <today></p>')
  })

  it('should refuse a misspelt filter instead of printing nothing', async () => {
    await expect(createLiquid({root}).renderFile('typo', {name: 'x'})).rejects.toThrow(/upcsae/)
  })
})
