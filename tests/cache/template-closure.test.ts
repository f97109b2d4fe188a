import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {templateClosureHash} from '../../src/cache/template-closure.js'

let root = ''
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pressroom-closure-'))
  await mkdir(join(root, 'partials'))
  await write('release.liquid', "{% layout 'layout' %}{% block content %}{%- include 'partials/media', item: release %}{% endblock %}")
  await write('layout.liquid', '<main>{% block content %}{% endblock %}</main>{% render "partials/footer" with site %}')
  await write('partials/media.liquid', '<figure>{{ item.title }}</figure>')
  await write('partials/footer.liquid', '<footer>{{ site.title }}</footer>')
  await write('tag.liquid', "{% layout 'layout' %}{% block content %}{{ tag.name }}{% endblock %}")
  await write('styles.css', 'body {}')
})
afterEach(() => rm(root, {recursive: true, force: true}))

const write = (file: string, text: string) => writeFile(join(root, file), text)

describe('template closure hashes', () => {
  it('should change with the template, its layout and every partial they name, and with nothing else', async () => {
    const hashes = [templateClosureHash(root, 'release')]
    const changes = (): boolean => {
      hashes.push(templateClosureHash(root, 'release'))
      return hashes.at(-1) !== hashes.at(-2)
    }
    await write('tag.liquid', '{{ tag.name }} changed')
    expect(changes()).toBe(false)
    await write('styles.css', 'body { color: red }')
    expect(changes()).toBe(false)
    await write('partials/unused.liquid', 'new')
    expect(changes()).toBe(false)
    await write('partials/footer.liquid', '<footer>changed</footer>')
    expect(changes()).toBe(true)
    await write('partials/media.liquid', '<figure>changed</figure>')
    expect(changes()).toBe(true)
    await write('layout.liquid', '<main>{% block content %}{% endblock %}</main>{% render "partials/footer" with site %} ')
    expect(changes()).toBe(true)
    await write('release.liquid', "{% layout 'layout' %}")
    expect(changes()).toBe(true)
  })

  it('should notice a named partial arriving, and stand for the whole folder when a name is not written out', async () => {
    await write('release.liquid', "{% layout none %}{% include 'partials/later' %}")
    const missing = templateClosureHash(root, 'release')
    await write('styles.css', 'body { margin: 0 }')
    expect(templateClosureHash(root, 'release')).toBe(missing)
    await write('partials/later.liquid', 'here now')
    expect(templateClosureHash(root, 'release')).not.toBe(missing)

    for (const dynamic of ['{% include partialName %}', '{%- liquid\n  include "partials/media"\n-%}']) {
      await write('release.liquid', dynamic)
      const before = templateClosureHash(root, 'release')
      await write('styles.css', `body { order: ${dynamic.length} }`)
      expect(templateClosureHash(root, 'release'), dynamic).not.toBe(before)
    }
  })
})
