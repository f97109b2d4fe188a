import type {Element, ElementContent, Root} from 'hast'
import rehypeSanitize, {defaultSchema} from 'rehype-sanitize'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import type {ClosingWords, RenderOrganization} from './data-map.js'
import './data-map.js'

/** The English headings wires print; a release in another language carries its own in `file.data.meta.closingWords`. */
export const englishClosingWords: ClosingWords = {about: 'About {name}', forwardLooking: 'Forward-looking statements', contacts: 'Media contacts'}

// Boilerplate is organization text, Markdown written by PR staff like a release body: sanitized the same way.
const markdown = unified().use(remarkParse).use(remarkRehype).use(rehypeSanitize, defaultSchema).freeze()
const rendered = new Map<string, ElementContent[]>()

function markdownChildren(text: string): ElementContent[] {
  let children = rendered.get(text)
  if (!children) {
    children = (markdown.runSync(markdown.parse(text)) as Root).children as ElementContent[]
    // A joint release's boilerplates are rendered for every release that names them: kept once per text.
    if (rendered.size > 200) rendered.clear()
    rendered.set(text, children)
  }
  return structuredClone(children)
}

const element = (tagName: string, className: string | undefined, children: ElementContent[], properties: Element['properties'] = {}): Element => ({
  type: 'element',
  tagName,
  properties: className === undefined ? properties : {...properties, className: [className]},
  children
})
const text = (value: string): ElementContent => ({type: 'text', value})

/**
 * Append the closing blocks of a wire release after the body, in wire order: "About <org>" for each organization, then
 * the forward-looking statements, then the media contacts (the `Source:` line follows them), headed in the release's
 * language. Runs after sanitizing:
 * the boilerplate is sanitized on its own.
 */
export function rehypeClosingBlocks() {
  return function (tree: Root, file: VFile) {
    const words = file.data.meta?.closingWords ?? englishClosingWords
    const organizations = file.data.organizations ?? []
    const blocks: Element[] = []
    for (const organization of organizations) {
      if (organization.about === '') continue
      blocks.push(element('section', 'about-organization', [element('h2', undefined, [text(words.about.replaceAll('{name}', () => organization.name))]), ...inLanguage(markdownChildren(organization.about), organization)], {dataOrganization: organization.slug}))
    }
    for (const organization of organizations) {
      if (organization.forwardLooking === undefined) continue
      blocks.push(element('section', 'forward-looking', [element('h2', undefined, [text(words.forwardLooking)]), ...inLanguage(markdownChildren(organization.forwardLooking), organization)], {dataOrganization: organization.slug}))
    }
    const contacts = organizations.flatMap((organization) => organization.contacts.map((contact) => contactBlock(contact, organizations.length > 1 ? organization.name : undefined)))
    if (contacts.length > 0) blocks.push(element('section', 'media-contacts', [element('h2', undefined, [text(words.contacts)]), ...contacts]))
    for (const block of blocks) tree.children.push(text('\n'), block)
  }
}

// The heading is in the release's language; the organization's words under it may be in the site's (see `textLanguage`).
function inLanguage(children: ElementContent[], organization: RenderOrganization): ElementContent[] {
  const marked = organization.textLanguage
  if (marked === undefined) return children
  for (const child of children) if (child.type === 'element') child.properties = {...child.properties, ...marked}
  return children
}

function contactBlock(contact: RenderOrganization['contacts'][number], organizationName: string | undefined): Element {
  const lines: ElementContent[][] = [[text(contact.name)]]
  const role = [contact.role, organizationName].filter((part) => part !== undefined).join(', ')
  if (role !== '') lines.push([text(role)])
  if (contact.email !== undefined) lines.push([element('a', undefined, [text(contact.email)], {href: `mailto:${contact.email}`})])
  if (contact.phone !== undefined) lines.push([element('a', undefined, [text(contact.phone)], {href: `tel:${contact.phone.replace(/[^\d+]/g, '')}`})])
  const children = lines.flatMap((line, index) => (index === 0 ? line : [element('br', undefined, []), ...line]))
  return element('p', 'media-contact', children)
}
