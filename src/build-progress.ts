/** Where progress goes: a TTY stream (stderr). */
export interface ProgressOutput {
  write(text: string): boolean
}

/** A `done/total` counter on one terminal line: silent for the first second, so quick builds print nothing extra. */
export function createBuildProgress(output: ProgressOutput, clock: () => number = () => performance.now()) {
  const started = clock()
  let shown = false
  let last = 0
  return {
    update(done: number, total: number) {
      const now = clock()
      // A redraw at most every 100 ms: drawing every file would cost more than rendering small ones.
      if (now - started < 1000 || (now - last < 100 && done < total)) return
      last = now
      shown = true
      output.write(`\rpressroom: checked ${done} of ${total} releases`)
    },
    /** Clear the counter line before the summary is printed. */
    end() {
      if (shown) output.write('\r\x1b[2K')
    }
  }
}
