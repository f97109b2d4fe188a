import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLiquid, templatesDir} from '../../src/liquid/create-liquid.js'
import {listingReads} from '../../src/site/listing-reads.js'

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pressroom-listing-reads-'))
  await writeFile(join(root, 'entry.liquid'), '{{ release.title }}')
})
afterAll(() => rm(root, {recursive: true, force: true}))

/** What the analysis finds in an index (`tag: false`) or tag template of the given text, with an `entry` partial. */
async function readsOf(text: string, template: 'index' | 'tag' = 'tag') {
  await writeFile(join(root, `${template}.liquid`), text)
  return listingReads(createLiquid({root, cache: false}), template)
}

describe('listingReads', () => {
  it('should find that the shipped index and tag templates read no body and only the size of the tag list', () => {
    const liquid = createLiquid({root: templatesDir})
    expect(listingReads(liquid, 'index')).toEqual({bodies: false, tagReleases: false})
    expect(listingReads(liquid, 'tag')).toEqual({bodies: false, tagReleases: false})
  })

  it('should find a body read in a loop, in a partial, or by a name held in a variable', async () => {
    expect(await readsOf('{% for release in releases %}{{ release.html | raw }}{% endfor %}')).toEqual({bodies: true, tagReleases: false})
    await writeFile(join(root, 'body.liquid'), '{{ release.html | raw }}')
    expect(await readsOf('{% for release in releases %}{% include "body" %}{% endfor %}', 'index')).toEqual({bodies: true, tagReleases: false})
    expect((await readsOf('{% for release in releases %}{{ release[field] }}{% endfor %}')).bodies).toBe(true)
    expect((await readsOf('{% for release in releases %}{% include "entry" %}{% endfor %}')).bodies).toBe(false)
  })

  it('should find a read of the tag list beyond its size', async () => {
    expect((await readsOf('{{ tag.releases.size }} {{ tag.name }}')).tagReleases).toBe(false)
    expect((await readsOf('{% for item in tag.releases %}{{ item.title }}{% endfor %}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag.releases.first.title }}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag.releases | size }}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag[key].size }}')).tagReleases).toBe(true)
  })
})
