import {createHash} from 'node:crypto'
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'
import {Script} from 'node:vm'

/** Where the code cache of a bundle is kept: beside it, made when the package is built (see scripts/bundle.mjs). */
export function compileCacheFile(bundleFile: string): string {
  return bundleFile.replace(/\.cjs$/, '') + '.v8cache'
}

/** A CommonJS bundle compiled with its code cache, and what became of the cache. */
export interface CachedScript {
  script: Script
  /** `rejected`: damaged, of another bundle, or refused by this V8 (another version or other flags). */
  cache: 'accepted' | 'rejected' | 'missing'
  /** The cache file as {@link runWithCompileCache} writes it, for what this process has compiled so far. */
  cacheFile(): Buffer
}

const header = 'pressroom-code-cache 1'
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * Compile a CommonJS bundle as Node would wrap it, with the code cache beside it when there is one. The cache file
 * names the bundle it belongs to and carries its own checksum, both checked before V8 sees it: V8 itself only checks
 * the source's length, and reading damaged compiled code can crash the process.
 */
export function compileWithCache(bundleFile: string): CachedScript {
  const bytes = readFileSync(bundleFile)
  const bundleSum = sha256(bytes)
  // A bundle built by scripts/bundle.mjs has no hashbang; one built by hand still compiles.
  const source = bytes.toString('utf8').replace(/^#!.*/, '')
  const file = readCache(compileCacheFile(bundleFile))
  const cachedData = file && cachePayload(file, bundleSum)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {filename: bundleFile, ...(cachedData ? {cachedData} : {})})
  const cache = file === undefined ? 'missing' : cachedData === undefined || script.cachedDataRejected === true ? 'rejected' : 'accepted'
  return {
    script,
    cache,
    cacheFile() {
      const payload = script.createCachedData()
      return Buffer.concat([Buffer.from(`${header} ${bundleSum} ${sha256(payload)}\n`), payload])
    }
  }
}

/** The compiled code in a cache file, when the file is whole and belongs to the bundle of checksum `bundleSum`. */
function cachePayload(file: Buffer, bundleSum: string): Buffer | undefined {
  const newline = file.indexOf(10)
  if (newline < 0) return undefined
  const payload = file.subarray(newline + 1)
  return file.subarray(0, newline).toString('utf8') === `${header} ${bundleSum} ${sha256(payload)}` ? payload : undefined
}

/**
 * Run a CommonJS bundle with V8's code cache for it: the compiled functions of a typical build, made when the package
 * was built, so a run does not parse and compile them again (Node 20 has no compile cache for modules of its own).
 * A cache that is missing, or that this V8 refuses (another version, other flags, another bundle), only costs the
 * compile. `writeCacheTo` (the package build only) writes what this run compiled there when the process exits.
 */
export function runWithCompileCache(bundleFile: string, writeCacheTo?: string): void {
  const compiled = compileWithCache(bundleFile)
  const {script} = compiled
  const packages = packagesBundleOf(bundleFile)
  if (writeCacheTo !== undefined) {
    process.once('exit', () => {
      writeCacheFile(writeCacheTo, compiled)
      // Only when this run loaded it: a run that sent no email leaves the cache an earlier run made.
      if (packages.compiled !== undefined) writeCacheFile(compileCacheFile(packages.file), packages.compiled)
    })
  }
  const run = script.runInThisContext() as CommonJsBody
  const module = {exports: {}}
  run.call(module.exports, module.exports, bundleRequire(bundleFile, packages), module, bundleFile, dirname(bundleFile))
}

type CommonJsBody = (exports: object, require: NodeJS.Require, module: {exports: object}, filename: string, dirname: string) => void

function writeCacheFile(file: string, compiled: CachedScript): void {
  const temporary = `${file}.${process.pid}.partial`
  writeFileSync(temporary, compiled.cacheFile())
  renameSync(temporary, file)
}

/**
 * The packages the email outputs load (the sample digest of every build that adds a release, and the digest and alert
 * commands), bundled apart from the CLI as `email-packages.cjs` by scripts/bundle.mjs, so they load with a code cache
 * of their own: from their package folders, juice and its HTML parser took about 0.2 s to compile on each such run.
 * Apart, not in the CLI's bundle: it would make every command start slower, most of which never load them.
 */
export const emailPackages = {file: 'email-packages.cjs', ids: ['juice', 'nodemailer', 'nodemailer/lib/mail-composer', 'nodemailer/lib/addressparser']} as const

/** The email packages' bundle beside `bundleFile`, compiled and run the first time one of them is asked for. */
export interface PackagesBundle {
  file: string
  compiled?: CachedScript
  exports?: Record<string, unknown>
}

/** The email packages' bundle that sits beside the CLI bundle `bundleFile`, not yet loaded. */
export function packagesBundleOf(bundleFile: string): PackagesBundle {
  return {file: join(dirname(bundleFile), emailPackages.file)}
}

function packagesOf(bundle: PackagesBundle): Record<string, unknown> {
  if (bundle.exports !== undefined) return bundle.exports
  bundle.compiled = compileWithCache(bundle.file)
  const module = {exports: {}}
  ;(bundle.compiled.script.runInThisContext() as CommonJsBody).call(module.exports, module.exports, createRequire(bundle.file), module, bundle.file, dirname(bundle.file))
  return (bundle.exports = module.exports as Record<string, unknown>)
}

/**
 * The `require` of a bundle, by which it loads every package it leaves out (scripts/bundle.mjs), dynamic imports
 * included: a script compiled here has no loader for `import()` (Node lends one only under --experimental-vm-modules,
 * and not to code from the cache). A package is resolved by Node from the bundle's folder; one that exports to `import`
 * only is resolved as `import` would, from this module's folder (the launcher sits beside its bundle), and required as
 * an ES module, which Node does since 20.19. The email packages come from `packages` (see {@link emailPackages}).
 */
export function bundleRequire(bundleFile: string, packages: PackagesBundle): NodeJS.Require {
  const require = createRequire(bundleFile)
  const bundled = new Set<string>(emailPackages.ids)
  const load = (id: string): unknown => {
    // A copy of the CLI bundle without its packages' bundle (built by hand) loads them from their folders.
    if (bundled.has(id) && (packages.exports !== undefined || existsSync(packages.file))) return packagesOf(packages)[id]
    try {
      return require(id)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error
      return require(fileURLToPath(import.meta.resolve(id)))
    }
  }
  return Object.assign(load, {resolve: require.resolve, cache: require.cache, extensions: require.extensions, main: require.main}) as NodeJS.Require
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}
