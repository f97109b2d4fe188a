import {PressroomError} from '../report/pressroom-error.js'
import {startDevPreview, type DevPreviewOptions} from './start-dev-preview.js'

/** `pressroom dev`: run the preview until SIGINT, SIGTERM or SIGHUP, then remove its temporary build. */
export async function runDevCommand(options: DevPreviewOptions, io: {stdout(line: string): void; stderr(text: string): void; color: boolean}): Promise<void> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new PressroomError('ARGUMENT_INVALID', `Unexpected --port \`${options.port}\`, expected a number from 0 to 65535`, {hint: 'Pass e.g. --port 4000'})
  }
  // Listening before the first build: a Ctrl+C during it still ends in close(), which removes the temporary build.
  // A second signal while closing ends the process at once; the preview's exit hook still removes the folder then.
  let signals = 0
  let stop = () => {}
  const stopped = new Promise<void>((done) => {
    stop = () => (++signals === 1 ? done() : process.exit(130))
  })
  for (const signal of stopSignals) process.on(signal, stop)
  try {
    const preview = await startDevPreview(options, io)
    await stopped
    await preview.close()
    io.stdout('pressroom dev: stopped')
  } finally {
    for (const signal of stopSignals) process.off(signal, stop)
  }
}

// SIGHUP is a closed terminal window: as much a way out as Ctrl+C.
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
