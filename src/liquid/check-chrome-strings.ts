import {existsSync} from 'node:fs'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {report} from '../report/report.js'
import {catalogueChain, codeStringKeys, fallbackLanguage, loadCatalogues, missingStrings, usedStringKeys} from './chrome-strings.js'

/**
 * Warn of every chrome string the templates under `templatesRoot` name that a language of the site (`languages`: the
 * config's and every published release's) has no word for: its pages show the English one. One file per catalogue,
 * its path relative to `cwd`; a language with no catalogue at all gets one warning, not one per key.
 */
export function checkChromeStrings(templatesRoot: string, languages: Iterable<string>, cwd: string): VFile[] {
  const stringsRoot = join(templatesRoot, 'strings')
  const catalogues = loadCatalogues(stringsRoot)
  // The code's own keys count where the English catalogue has them: a folder of a newsroom's own may leave them out.
  const english = catalogues.get(fallbackLanguage) ?? {}
  const keys = [...new Set([...usedStringKeys(templatesRoot), ...codeStringKeys.filter((key) => english[key] !== undefined)])]
  const files: VFile[] = []
  for (const language of [...new Set(languages)].sort()) {
    const chain = catalogueChain(language)
    const own = chain.find((tag) => catalogues.has(tag))
    const path = relative(cwd, join(stringsRoot, `${own ?? chain[chain.length - 1]}.json`))
    const missing = missingStrings(catalogues, language, keys)
    if (missing.length === 0) continue
    const file = new VFile({path})
    if (own === undefined && !chain.includes(fallbackLanguage) && !existsSync(join(stringsRoot, `${chain[chain.length - 1]}.json`))) {
      report(file, 'string-missing', `Unexpected language \`${language}\` without chrome strings, expected \`${path}\`: its pages show English words`)
    } else {
      for (const key of missing) report(file, 'string-missing', `Unexpected missing chrome string \`${key}\` for language \`${language}\`, expected it in \`${path}\`: English is shown`)
    }
    files.push(file)
  }
  return files
}
