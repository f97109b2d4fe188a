import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLiquid} from '../../src/liquid/create-liquid.js'

let root = ''
let outside = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pressroom-liquid-'))
  await writeFile(join(root, 'greeting.liquid'), '<p>{{ name }}</p>{{ html | raw }}')
  await writeFile(join(root, 'typo.liquid'), '{{ name | upcsae }}')
  await writeFile(join(root, 'page.liquid'), '<main>{% render "greeting", name: name, html: "" %}</main>')
  // A template beside the root, which a template inside it names by a relative path.
  outside = `${basename(root)}-outside`
  await writeFile(join(root, '..', `${outside}.liquid`), 'secret')
  await writeFile(join(root, 'escape.liquid'), `{% render "../${outside}" %}`)
  await writeFile(join(root, 'missing.liquid'), '{% render "nowhere" %}')
})
afterAll(async () => {
  await rm(root, {recursive: true, force: true})
  await rm(join(root, '..', `${outside}.liquid`), {force: true})
})

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

  it('should render partials from its root, the same way with render and renderSync', async () => {
    expect(await createLiquid({root}).renderFile('page', {name: 'Ann'})).toBe('<main><p>Ann</p></main>')
    // A fresh engine: LiquidJS's cache does not take a template parsed by `render` to `renderSync`.
    expect(createLiquid({root}).renderFileSync('page', {name: 'Bo'})).toBe('<main><p>Bo</p></main>')
  })

  it('should refuse a template outside its root, and one that is not there', async () => {
    const liquid = createLiquid({root})
    await expect(liquid.renderFile('escape', {})).rejects.toThrow(`Failed to lookup "../${outside}"`)
    await expect(liquid.renderFile('missing', {})).rejects.toThrow(/Failed to lookup "nowhere"/)
    expect(() => createLiquid({root}).renderFileSync('missing', {})).toThrow(/Failed to lookup "nowhere"/)
  })
})
