import type {Element, Root} from 'hast'

const headingDepth = (node: Element) => (/^h[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0)

/**
 * Fit the body's headings under the page's `h1` (the release title): the highest becomes `h2` and none skips a level,
 * so `###` straight after the title, `##` then `####`, or an `h1` in the body all read as an outline. The footnotes'
 * heading is an `h2` whatever the body holds: the notes are a section of the page, not of the body's last section.
 */
export function rehypeHeadingLevels() {
  return function (tree: Root) {
    // The headings still open above the current point: the depth each was written at, and the level it was given.
    const open: Array<{written: number; level: number}> = []
    const visit = (parent: Root | Element) => {
      const inFootnotes = parent.type === 'element' && parent.tagName === 'section' && parent.properties.dataFootnotes !== undefined
      for (const child of parent.children) {
        if (child.type !== 'element') continue
        const depth = headingDepth(child)
        if (depth > 0) {
          const written = inFootnotes ? 0 : depth
          while (open.length > 0 && (open.at(-1) as {written: number}).written >= written) open.pop()
          const level = Math.min(6, (open.at(-1)?.level ?? 1) + 1)
          open.push({written, level})
          child.tagName = `h${level}`
        }
        visit(child)
      }
    }
    visit(tree)
  }
}
