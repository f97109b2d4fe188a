/**
 * Wrap plain text at word boundaries to lines of at most `width` characters (a longer word keeps its own line), each
 * line after the first indented by `indent` spaces and the first by `first`, so a numbered entry hangs under its number.
 */
export function wrapText(text: string, width: number, indent = 0, first = indent): string {
  return text
    .split('\n')
    .map((paragraph, index) => {
      const lines: string[] = []
      let margin = index === 0 ? first : indent
      let line = ''
      for (const word of paragraph.split(/ +/)) {
        if (line && margin + line.length + 1 + word.length > width) {
          lines.push(' '.repeat(margin) + line)
          margin = indent
          line = word
        } else line = line ? `${line} ${word}` : word
      }
      lines.push(' '.repeat(margin) + line)
      return lines.join('\n')
    })
    .join('\n')
}
