import {cp, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {startCliServer, type CliServer} from '../support/start-cli-server.js'
import {startSmtpSink} from './start-smtp-sink.js'
import {fixtureNewsroom, testSecret} from './start-test-subscriptions.js'

/** `pressroom serve` and `pressroom dev` of one copy of the fixture newsroom, as real CLI processes. */
export interface BothServers {
  serve: CliServer
  dev: CliServer
  /** Stop both servers and the SMTP sink, and remove the newsroom copy. */
  close(): Promise<void>
}

/**
 * Copy the fixture newsroom into a temp folder, let `prepare` work on it (a build for `serve --out`), then start both
 * servers on ports of their own, `serve` with an SMTP sink on 127.0.0.1 and `serveArgs` added.
 */
export async function startBothServers(options: {prefix: string; serveArgs?: string[]; prepare?: (dir: string) => void}): Promise<BothServers> {
  const dir = await mkdtemp(join(tmpdir(), options.prefix))
  await cp(fixtureNewsroom, dir, {recursive: true})
  const smtp = await startSmtpSink()
  options.prepare?.(dir)
  const [serve, dev] = await Promise.all([
    startCliServer(['serve', '--port', '0', '--host', '127.0.0.1', ...(options.serveArgs ?? [])], {cwd: dir, env: {PRESSROOM_SECRET: testSecret, SMTP_URL: smtp.url}, listening: /listening on (http:\/\/127\.0\.0\.1:\d+)/}),
    startCliServer(['dev', '--port', '0', '--now', '2025-09-20T12:00:00Z'], {cwd: dir, listening: /previewing on (http:\/\/127\.0\.0\.1:\d+)/})
  ])
  return {
    serve,
    dev,
    async close() {
      await Promise.all([serve.stop(), dev.stop()])
      await smtp.close()
      await rm(dir, {recursive: true, force: true})
    }
  }
}
