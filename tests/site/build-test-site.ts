import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Config} from '../../src/config/config-schema.js'
import type {Release} from '../../src/release/release.js'
import {writeSite} from '../../src/site/write-site.js'
import {testConfig} from '../support/test-config.js'

/** A site written into a fresh temp folder; `remove` it when done. */
export interface TestSite {
  dir: string
  read(path: string): Promise<string>
  remove(): Promise<void>
}

/** Write a site of `releases` (newest first) with `config` into a temp folder. */
export async function buildTestSite(releases: readonly Release[], config: Config = testConfig()): Promise<TestSite> {
  const dir = await mkdtemp(join(tmpdir(), 'pressroom-site-'))
  await writeSite({config, releases, outDir: dir, now: Date.parse('2026-01-01T00:00:00Z')})
  return {
    dir,
    read: (path) => readFile(join(dir, path), 'utf8'),
    remove: () => rm(dir, {recursive: true, force: true})
  }
}
