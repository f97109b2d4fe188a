/** Where progress goes: a TTY stream (stderr). */
export interface ProgressOutput {
  write(text: string): boolean
}

/** What a build is counting: release files checked (and rendered), then release pages written. */
export type BuildStep = 'check' | 'pages'

const lines: Record<BuildStep, (done: number, total: number) => string> = {
  check: (done, total) => `checked ${done} of ${total} releases`,
  pages: (done, total) => `wrote ${done} of ${total} release pages`
}

/** A `done/total` counter on one terminal line: silent for the first second, so quick builds print nothing extra. */
export function createBuildProgress(output: ProgressOutput, clock: () => number = () => performance.now()) {
  const started = clock()
  let shown = false
  let last = 0
  let lastStep: BuildStep = 'check'
  return {
    update(done: number, total: number, step: BuildStep = 'check') {
      const now = clock()
      // A redraw at most every 100 ms: drawing every file would cost more than rendering small ones. A new step is
      // drawn at once, so the line never shows the last step's count as the current one's.
      if (now - started < 1000 || (now - last < 100 && done < total && step === lastStep)) return
      last = now
      shown = true
      // Cleared to the end of the line: the new text may be shorter than the last.
      output.write(`\rpressroom: ${lines[step](done, total)}${step === lastStep ? '' : '\x1b[K'}`)
      lastStep = step
    },
    /** Clear the counter line before the summary is printed. */
    end() {
      if (shown) output.write('\r\x1b[2K')
    }
  }
}
