import {PressroomError} from '../report/pressroom-error.js'
import {startDevPreview, type DevPreviewOptions} from './start-dev-preview.js'

/** `pressroom dev`: run the preview until SIGINT or SIGTERM, then remove its temporary build. */
export async function runDevCommand(options: DevPreviewOptions, io: {stdout(line: string): void; stderr(text: string): void; color: boolean}): Promise<void> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new PressroomError('ARGUMENT_INVALID', `Unexpected --port \`${options.port}\`, expected a number from 0 to 65535`, {hint: 'Pass e.g. --port 4000'})
  }
  // Listening before the first build: a Ctrl+C during it still ends in close(), which removes the temporary build.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
  const preview = await startDevPreview(options, io)
  await stopped
  await preview.close()
  io.stdout('pressroom dev: stopped')
}
