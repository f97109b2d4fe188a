/** Where progress goes: stderr in the CLI, a buffer in tests. */
export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
}

/** Reports a send as it goes: a redrawn bar on a terminal, a plain line per tenth under CI or in a pipe. */
export interface SendProgress {
  /** One recipient is done (sent, failed or skipped). */
  step(counts: {sent: number; failed: number; skipped: number}): void
  /** A line that must not be overwritten by the bar (a retry, a re-send). */
  log(line: string): void
  end(): void
}

/** Create the progress reporter for `total` recipients; `interactive` draws the bar (a TTY and not CI). */
export function createSendProgress(stream: ProgressStream, total: number, interactive: boolean): SendProgress {
  let done = 0
  let lastTenth = 0
  let drawn = false
  const width = 30
  const clear = () => {
    if (drawn) stream.write('\r\u001b[2K')
    drawn = false
  }
  return {
    step(counts) {
      done++
      const summary = `${done}/${total} (sent ${counts.sent}, failed ${counts.failed}, skipped ${counts.skipped})`
      if (interactive) {
        const filled = total === 0 ? width : Math.round((done / total) * width)
        clear()
        stream.write(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${summary}`)
        drawn = true
        return
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10)
      if (tenth > lastTenth || done === total) {
        lastTenth = tenth
        stream.write(`pressroom: digest progress ${summary}\n`)
      }
    },
    log(line) {
      clear()
      stream.write(line + '\n')
    },
    end() {
      if (drawn) stream.write('\n')
      drawn = false
    }
  }
}
