import type {Root} from 'hast'
import rehypeSanitize, {defaultSchema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import {rehypeAttribution} from './rehype-attribution.js'
import {rehypeClosingBlocks} from './rehype-closing-blocks.js'
import {rehypeDateline} from './rehype-dateline.js'
import {rehypeTickers} from './rehype-tickers.js'
import {rehypeFlagUnsafe} from './rehype-flag-unsafe.js'
import {rehypeFragmentLinks} from './rehype-fragment-links.js'
import {rehypeHeadingLevels} from './rehype-heading-levels.js'
import {NestingTooDeep, rehypeNestingLimit, remarkNestingLimit} from './nesting-limit.js'
import {rehypeOutline} from './rehype-outline.js'
import {rehypeRawWhenPresent} from './rehype-raw-when-present.js'
import {rehypeSnippet} from './rehype-snippet.js'
import {remarkGfmGated} from './remark-gfm-gated.js'
import {xhtmlBody} from './xhtml-body.js'

// Bump it in pipeline-version.ts: it lives there so the build cache can read it without loading unified.
export {pipelineVersion} from './pipeline-version.js'

/** How deep blockquotes, lists, emphasis and links may nest: far beyond any release, far below a stack overflow. */
export const maxMarkdownDepth = 100

// The HTML tree of the same text is a few levels deeper (a table gains a `thead`, footnotes a `section`), and raw HTML
// nests elements of its own.
const maxHtmlDepth = maxMarkdownDepth + 20

/** The Markdown pipeline every release goes through: GFM, raw HTML parsed then sanitized, our stages after. */
export function createProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkGfmGated)
    .use(remarkNestingLimit, {maxDepth: maxMarkdownDepth})
    .use(remarkRehype, {allowDangerousHtml: true, clobberPrefix: ''})
    .use(rehypeRawWhenPresent)
    .use(rehypeNestingLimit, {maxDepth: maxHtmlDepth})
    .use(rehypeFlagUnsafe)
    .use(rehypeSanitize, defaultSchema)
    .use(rehypeFragmentLinks, {prefix: defaultSchema.clobberPrefix ?? 'user-content-'})
    .use(rehypeHeadingLevels)
    .use(rehypeOutline)
    .use(rehypeSnippet, {maxLength: 160})
    .use(rehypeTickers)
    .use(rehypeDateline)
    .use(rehypeClosingBlocks)
    .use(rehypeAttribution)
    .use(rehypeStringify)
    .freeze()
}

/** A processor, made once: unified processors are reusable once frozen. */
let shared: ReturnType<typeof createProcessor> | undefined

/** A release body rendered: the sanitized HTML, and the same tree as XHTML (what NewsML carries). */
export interface RenderedBody {
  html: string
  xhtml: string
}

/** Render a release body (front matter blanked) to sanitized HTML; messages land on `file`. */
export async function renderBody(file: VFile, body: string): Promise<string> {
  return (await renderBodies(file, body)).html
}

/**
 * Render a release body (front matter blanked) to sanitized HTML and XHTML, both written from the one tree; messages
 * land on `file`.
 */
export async function renderBodies(file: VFile, body: string): Promise<RenderedBody> {
  shared ??= createProcessor()
  let tree: Root
  try {
    tree = (await shared.run(shared.parse(body), file)) as Root
  } catch (error) {
    // The limit has said why on the file: a file with a fatal message gets no release, so its HTML is never read.
    if (error instanceof NestingTooDeep) return {html: '', xhtml: ''}
    throw error
  }
  return {html: String(shared.stringify(tree, file)), xhtml: xhtmlBody(tree)}
}
