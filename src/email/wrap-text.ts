import {textWidth} from './fit-subject.js'

// A run of CJK text has no spaces: each of its characters is a place the line may break.
const wideRun = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u

/**
 * Wrap plain text at word boundaries (and between CJK characters) to lines of at most `width` columns (a longer word
 * keeps its own line), each line after the first indented by `indent` spaces and the first by `first`, so a numbered
 * entry hangs under its number.
 */
export function wrapText(text: string, width: number, indent = 0, first = indent): string {
  return text
    .split('\n')
    .map((paragraph, index) => {
      const lines: string[] = []
      let margin = index === 0 ? first : indent
      let line = ''
      for (const [position, word] of paragraph.split(/ +/).entries()) {
        const pieces = wideRun.test(word) ? [...word] : [word]
        for (const [at, piece] of pieces.entries()) {
          // Spaces part words; CJK characters of one run join without one.
          const glue = line === '' ? '' : at === 0 && position > 0 ? ' ' : ''
          if (line && margin + textWidth(line) + glue.length + textWidth(piece) > width) {
            lines.push(' '.repeat(margin) + line)
            margin = indent
            line = piece
          } else line += glue + piece
        }
      }
      lines.push(' '.repeat(margin) + line)
      return lines.join('\n')
    })
    .join('\n')
}
