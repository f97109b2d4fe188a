/** Wrap plain text at word boundaries to lines of at most `width` characters (a longer word keeps its own line). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = []
      let line = ''
      for (const word of paragraph.split(/ +/)) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line)
          line = word
        } else line = line ? `${line} ${word}` : word
      }
      lines.push(line)
      return lines.join('\n')
    })
    .join('\n')
}
