import type {Root} from 'hast'
import rehypeSanitize, {defaultSchema} from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import {rehypeAttribution} from './rehype-attribution.js'
import {rehypeDateline} from './rehype-dateline.js'
import {rehypeFlagUnsafe} from './rehype-flag-unsafe.js'
import {rehypeFragmentLinks} from './rehype-fragment-links.js'
import {rehypeHeadingLevels} from './rehype-heading-levels.js'
import {rehypeOutline} from './rehype-outline.js'
import {rehypeRawWhenPresent} from './rehype-raw-when-present.js'
import {rehypeSnippet} from './rehype-snippet.js'
import {remarkGfmGates} from './remark-gfm-gates.js'

// Bump it in pipeline-version.ts: it lives there so the build cache can read it without loading unified.
export {pipelineVersion} from './pipeline-version.js'

/** The Markdown pipeline every release goes through: GFM, raw HTML parsed then sanitized, our stages after. */
export function createProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkGfmGates)
    .use(remarkRehype, {allowDangerousHtml: true, clobberPrefix: ''})
    .use(rehypeRawWhenPresent)
    .use(rehypeFlagUnsafe)
    .use(rehypeSanitize, defaultSchema)
    .use(rehypeFragmentLinks, {prefix: defaultSchema.clobberPrefix ?? 'user-content-'})
    .use(rehypeHeadingLevels)
    .use(rehypeOutline)
    .use(rehypeSnippet, {maxLength: 160})
    .use(rehypeDateline)
    .use(rehypeAttribution)
    .use(rehypeStringify)
    .freeze()
}

/** A processor, made once: unified processors are reusable once frozen. */
let shared: ReturnType<typeof createProcessor> | undefined

/** Render a release body (front matter blanked) to sanitized HTML; messages land on `file`. */
export async function renderBody(file: VFile, body: string): Promise<string> {
  shared ??= createProcessor()
  const tree = (await shared.run(shared.parse(body), file)) as Root
  return String(shared.stringify(tree, file))
}
