import type {Point} from 'unist'

/** Turn character offsets in `text` into 1-based line/column points, for messages that name file:line:column. */
export function locator(text: string): (offset: number) => Point {
  const lineStarts = [0]
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1)
  return function (offset) {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((lineStarts[middle] as number) <= offset) low = middle
      else high = middle - 1
    }
    return {line: low + 1, column: offset - (lineStarts[low] as number) + 1, offset}
  }
}
