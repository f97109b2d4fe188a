import {rmSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {build, cacheDirOf} from '../build/build.js'
import {formatMessages} from '../cli-support.js'
import {defaultConfigFile, loadConfig} from '../config/load-config.js'
import {emailPreviewDir} from '../email/email-preview-paths.js'
import {formatError} from '../report/pressroom-error.js'
import {templatesDir} from '../liquid/create-liquid.js'
import {buildProblems, errorProblem} from './build-problems.js'
import {previewMarks} from './preview-marks.js'
import {emailPreviewPrefix, startPreviewServer, type PreviewState} from './start-preview-server.js'
import {watchSources} from './watch-sources.js'

/** The options of `pressroom dev`. */
export interface DevPreviewOptions {
  port: number
  releasesDir: string
  /** The config file (default `pressroom.config.json`); read again on every build, so edits to it apply. */
  configFile?: string
  publicDir?: string
  /** A fixed clock for embargoes; default: the time of each build. */
  now?: number
  cwd?: string
  /** Wait this long after the last change before building, so one save (or a checkout) is one build. */
  debounceMs?: number
}

/** A running preview. */
export interface DevPreview {
  origin: string
  /** The temporary folder the preview builds into, with drafts and embargoed pages; `close` removes it. */
  workDir: string
  close(): Promise<void>
}

/** Where the preview writes: a temporary folder, never the real `out/`. */
const previewPrefix = join(tmpdir(), 'pressroom-dev-')

/**
 * Start `pressroom dev`: serve on 127.0.0.1, build with held-back releases shown and marked, rebuild on every change
 * to releases, templates, static files or the config, and push each result to the open tabs. A failed build leaves
 * the last good one in place (build() swaps its output in only on success) and shows its problems instead.
 */
export async function startDevPreview(options: DevPreviewOptions, io: {stdout(line: string): void; stderr(text: string): void; color: boolean}): Promise<DevPreview> {
  const cwd = options.cwd ?? process.cwd()
  const configPath = resolve(cwd, options.configFile ?? defaultConfigFile)
  const workDir = await mkdtemp(previewPrefix)
  const outDir = join(workDir, 'site')
  // The folder holds drafts and embargoed pages, so it goes on every way out: close() on a signal, and this hook when
  // the process ends any other way (an uncaught error), since 'exit' runs then too and a synchronous remove still can.
  const removeNow = () => rmSync(workDir, {recursive: true, force: true})
  process.once('exit', removeNow)
  const remove = async () => {
    process.off('exit', removeNow)
    await rm(workDir, {recursive: true, force: true})
  }
  const abandon = async (error: unknown): Promise<never> => {
    await remove()
    throw error
  }
  const server = await startPreviewServer({port: options.port, host: '127.0.0.1', log: (line) => io.stderr(line)}).catch(abandon)
  // One per port: renders hold the preview's address, so two sessions on two ports would otherwise undo each other's.
  const previewCacheDir = join(cacheDirOf('out', cwd), `preview-${new URL(server.origin).port}`)
  let state: PreviewState = {outDir: undefined, version: 0, marks: [], problems: []}
  let lastReport = ''

  const runBuild = async (why: string) => {
    const started = performance.now()
    try {
      // Absolute links (media, canonical, feeds) point at the preview, so every one of them can be followed.
      const config = {...loadConfig(options.configFile, cwd), baseUrl: server.origin}
      const result = await build({
        // A save re-renders one release. The cache outlives the session, in the newsroom's own cache folder (where real
        // builds keep theirs, embargoed releases included), so the next `pressroom dev` starts without rendering every
        // release again. Its pages are written once per session, to the temporary folder.
        config, releasesDir: resolve(cwd, options.releasesDir), outDir, now: options.now ?? Date.now(), cwd, preview: true, cache: 'reuse', cacheDir: previewCacheDir,
        ...(options.publicDir === undefined ? {} : {publicDir: resolve(cwd, options.publicDir)})
      })
      // The same warnings after every save would bury what changed: a report is printed again only when it differs.
      const messages = formatMessages(result.files, io.color)
      if (messages && messages !== lastReport) io.stderr(messages + '\n')
      lastReport = messages
      const ms = Math.round(performance.now() - started)
      if (!result.ok) {
        state = {...state, problems: buildProblems(result.files)}
        io.stdout(`pressroom dev: build failed (${why}) in ${ms} ms; still serving the last good build`)
      } else {
        state = {outDir, version: state.version + 1, marks: previewMarks(result.held, config.timeZone), problems: [], emailPreviewDir: emailPreviewDir(previewCacheDir)}
        const shown = result.held.length === 0 ? '' : `, ${result.held.length} held back shown as preview`
        io.stdout(`pressroom dev: built (${why}) in ${ms} ms, ${result.rendered} rendered: ${result.published.length - result.held.length} published${shown}`)
      }
    } catch (error) {
      io.stderr(formatError(error, false) + '\n')
      state = {...state, problems: [errorProblem(error, {configFile: options.configFile ?? defaultConfigFile, fallbackFile: options.releasesDir, cwd})]}
      io.stdout(`pressroom dev: build failed (${why}); still serving the last good build`)
    }
    server.update(state)
  }

  // One build at a time; changes during a build ask for exactly one more after it.
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let waiting: string | undefined
  let closed = false
  const schedule = (why: string) => {
    waiting = why
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(() => {
        if (closed || waiting === undefined) return
        const reason = waiting
        waiting = undefined
        return runBuild(reason)
      })
    }, options.debounceMs ?? 80)
  }

  // Watching before the first build: a save during it (a big newsroom takes a while) asks for one more build after.
  const watcher = await Promise.resolve().then(() => watchSources(
    {folders: [resolve(cwd, options.releasesDir), templatesDir, ...(options.publicDir === undefined ? [] : [resolve(cwd, options.publicDir)])], files: [configPath]},
    (path) => schedule(`changed: ${path.startsWith(cwd) ? path.slice(cwd.length + 1) : path}`)
  )).catch(async (error: unknown) => {
    await server.close()
    return abandon(error)
  })
  running = runBuild('start')
  await running
  io.stdout(`pressroom dev: previewing on ${server.origin} (drafts and embargoed releases shown and marked; Ctrl+C stops)`)
  io.stdout(`pressroom dev: building into ${outDir} (removed on exit); out/ is left alone`)
  io.stdout(`pressroom dev: the sample digest is at ${server.origin}${emailPreviewPrefix}preview.html`)
  return {
    origin: server.origin,
    workDir,
    async close() {
      closed = true
      clearTimeout(timer)
      watcher.close()
      try {
        await running
        await server.close()
      } finally {
        await remove()
      }
    }
  }
}
