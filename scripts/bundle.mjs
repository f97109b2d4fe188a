// `npm run bundle` (after tsc): bundle the compiled CLI into dist/bin/ and make its V8 code cache.
//
// - dist/bin/pressroom.cjs: the whole CLI as one script. Lazily imported modules stay lazily evaluated; being one
//   script lets V8 keep its compiled code (a module graph cannot be cached on Node 20).
// - dist/bin/cli.js: the `pressroom` command, which runs pressroom.cjs with dist/bin/pressroom.v8cache.
// - dist/bin/render-worker.js: the render worker threads.
// - dist/bin/pagefind-lane.js: the thread of a second Pagefind binary.
// - dist/bin/email-packages.cjs: juice and nodemailer, with a code cache of their own (email-packages.v8cache).
// - dist/bin/pressroom.v8cache: what V8 compiled while building the sample newsroom twice (a cold build, then one
//   edit): the functions a typical build runs.
import {spawnSync} from 'node:child_process'
import {appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {build} from 'esbuild'
import {emailPackages} from '../dist/launcher/run-with-compile-cache.js'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'dist', 'bin')
rmSync(bin, {recursive: true, force: true})

/**
 * The packages the bundles leave out, the one list of them: native or binary (better-sqlite3, sharp, @resvg/resvg-js,
 * pg, pagefind, which finds its binary from where it is installed), loading files from their own folder (satori's
 * HarfBuzz WebAssembly), or big and needed by few commands. The bundles load each of them at run time from the
 * package's node_modules, the same way (see src/launcher/run-with-compile-cache.ts).
 */
const external = ['better-sqlite3', 'juice', 'nodemailer', 'sharp', '@aws-sdk/client-sesv2', 'imapflow', 'pg', 'pagefind', '@resvg/resvg-js', 'satori']
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  external,
  logLevel: 'warning'
}
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'cli.js')],
  outfile: join(bin, 'pressroom.cjs'),
  format: 'cjs',
  // The launcher compiles this bundle as a script, whose own `import()` has no loader: an `import()` of an external
  // package is made a `require` of it, like every other, and the launcher's `require` loads ESM-only packages too.
  supported: {'dynamic-import': false},
  // Modules find templates and package.json from where they are: the bundle sits where dist/bin/cli.js did.
  define: {'import.meta.url': '__pressroomBundleUrl'},
  banner: {js: "const __pressroomBundleUrl = require('node:url').pathToFileURL(__filename).href;"}
})
/**
 * Escape what esbuild leaves outside ASCII (it escapes strings and names, not comments and regular expressions), where
 * `\uXXXX` means the same character. An ASCII source is decoded about four times as fast (10 against 2.5 ms for the
 * CLI), and V8 holds and scans it in one byte per character instead of two.
 */
const asciiOnly = (source) => source.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
// The launcher compiles the bundle as a function body, where cli.ts's hashbang is a syntax error: dropped here once,
// rather than cut off a copy of 2.7 MB on every start.
const bundleFile = join(bin, 'pressroom.cjs')
writeFileSync(bundleFile, asciiOnly(readFileSync(bundleFile, 'utf8').replace(/^#!.*\n/, '')))
const esm = {...common, format: 'esm', banner: {js: "import {createRequire as createPressroomRequire} from 'node:module'; const require = createPressroomRequire(import.meta.url);"}}
const workerFile = join(bin, 'render-worker.js')
await build({...esm, entryPoints: [join(root, 'dist', 'build', 'render-worker.js')], outfile: workerFile})
writeFileSync(workerFile, asciiOnly(readFileSync(workerFile, 'utf8')))
// The thread of a second Pagefind binary (src/search/pagefind-lane.ts), beside the bundle that starts it.
await build({...esm, entryPoints: [join(root, 'dist', 'search', 'pagefind-lane.js')], outfile: join(bin, 'pagefind-lane.js')})
await build({...common, format: 'esm', entryPoints: [join(root, 'dist', 'launcher', 'pressroom.js')], outfile: join(bin, 'cli.js')})
// The email packages, apart (see emailPackages in src/launcher/run-with-compile-cache.ts): each is a getter, so a run
// that needs juice alone evaluates nodemailer's transports not at all.
const packagesFile = join(bin, emailPackages.file)
const getters = emailPackages.ids.map((id) => `${JSON.stringify(id)}: {enumerable: true, get: () => require(${JSON.stringify(id)})}`)
await build({
  ...common,
  external: [],
  format: 'cjs',
  stdin: {contents: `module.exports = Object.defineProperties({}, {${getters.join(', ')}})`, resolveDir: root, loader: 'js'},
  outfile: packagesFile
})
writeFileSync(packagesFile, asciiOnly(readFileSync(packagesFile, 'utf8')))

// Build the sample newsroom in a temporary copy: cold, then after one edit, each run adding what it compiled.
const work = mkdtempSync(join(tmpdir(), 'pressroom-bundle-'))
try {
  cpSync(join(root, 'releases'), join(work, 'releases'), {recursive: true})
  // The sample's releases name its organizations: without their files, they would not build.
  cpSync(join(root, 'organizations'), join(work, 'organizations'), {recursive: true})
  // Its media files, logo and icon too: a release whose site-path media is missing, or a config whose logo or icon is, fails the build.
  cpSync(join(root, 'public'), join(work, 'public'), {recursive: true})
  cpSync(join(root, 'pressroom.config.json'), join(work, 'pressroom.config.json'))
  const cache = join(bin, 'pressroom.v8cache')
  const run = () => {
    const result = spawnSync(process.execPath, [join(bin, 'cli.js'), 'build', '--now', '2030-01-01T00:00:00Z'], {cwd: work, encoding: 'utf8', env: {...process.env, PRESSROOM_WRITE_COMPILE_CACHE: cache, CI: 'true'}})
    if (result.status !== 0) throw new Error(`Building the sample newsroom for the code cache failed:\n${result.stdout}${result.stderr}`)
  }
  run()
  const file = readdirSync(join(work, 'releases'), {recursive: true}).map(String).sort().find((name) => /\d{4}-\d\d-\d\d-[^/\\]*\.md$/.test(name))
  if (file === undefined) throw new Error('The sample newsroom has no release to edit')
  appendFileSync(join(work, 'releases', file), '\nAn added paragraph.\n')
  run()
} finally {
  rmSync(work, {recursive: true, force: true})
}
