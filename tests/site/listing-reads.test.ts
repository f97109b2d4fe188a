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
  it('should find that the shipped listing templates read no body and no update, and only the size of the tag list', () => {
    const liquid = createLiquid({root: templatesDir})
    expect(listingReads(liquid, 'archive')).toEqual({bodies: false, updated: false, tagReleases: false, tagSize: false})
    expect(listingReads(liquid, 'organization')).toEqual({bodies: false, updated: false, tagReleases: false, tagSize: false})
    expect(listingReads(liquid, 'index')).toEqual({bodies: false, updated: false, tagReleases: false, tagSize: false})
    expect(listingReads(liquid, 'tag')).toEqual({bodies: false, updated: false, tagReleases: false, tagSize: false})
  })

  it('should find a body read in a loop, in a partial, or by a name held in a variable', async () => {
    expect(await readsOf('{% for release in releases %}{{ release.html | raw }}{% endfor %}')).toEqual({bodies: true, updated: false, tagReleases: false, tagSize: false})
    await writeFile(join(root, 'body.liquid'), '{{ release.html | raw }}')
    expect(await readsOf('{% for release in releases %}{% include "body" %}{% endfor %}', 'index')).toEqual({bodies: true, updated: false, tagReleases: false, tagSize: false})
    expect((await readsOf('{% for release in releases %}{{ release[field] }}{% endfor %}')).bodies).toBe(true)
    expect((await readsOf('{% for release in releases %}{% include "entry" %}{% endfor %}')).bodies).toBe(false)
  })

  it('should find a read of when a release was last updated, in a loop, a partial, or by a name held in a variable', async () => {
    expect((await readsOf('{% for release in releases %}{{ release.updated.displayDate }}{% endfor %}')).updated).toBe(true)
    await writeFile(join(root, 'updated.liquid'), '{% if release.updated %}Updated{% endif %}')
    expect((await readsOf('{% for release in releases %}{% include "updated" %}{% endfor %}', 'index')).updated).toBe(true)
    expect((await readsOf('{% for release in releases %}{{ release[field] }}{% endfor %}')).updated).toBe(true)
    expect((await readsOf('{% for release in releases %}{{ release.date }} {% include "entry" %}{% endfor %}')).updated).toBe(false)
  })

  it('should find a read of the tag list beyond its size', async () => {
    expect((await readsOf('{{ tag.releases.size }} {{ tag.name }}')).tagReleases).toBe(false)
    expect((await readsOf('{% for item in tag.releases %}{{ item.title }}{% endfor %}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag.releases.first.title }}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag.releases | size }}')).tagReleases).toBe(true)
    expect((await readsOf('{{ tag[key].size }}')).tagReleases).toBe(true)
  })

  it('should find a read of the tag list’s size, which a numbered tag page is then keyed by, and no size in the tag’s name or a test of the tag', async () => {
    expect((await readsOf('{{ tag.releases.size }}')).tagSize).toBe(true)
    expect((await readsOf('{{ tag[key] }}')).tagSize).toBe(true)
    expect((await readsOf('{% if tag %}{{ tag.name }} {{ tag.href }}{% endif %} {{ pagination.total }}')).tagSize).toBe(false)
  })
})
