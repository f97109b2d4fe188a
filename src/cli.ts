#!/usr/bin/env node
import {Command, Option} from 'commander'
import {build} from './build.js'
import {formatBuildSummary, formatMessages, parseNow} from './cli-support.js'
import {loadConfig} from './config/load-config.js'
import {formatApDateInZone} from './release/ap-date.js'
import {loadReleases} from './release/load-releases.js'
import {newRelease} from './new-release.js'
import {formatError} from './report/pressroom-error.js'
import {hasFatal} from './report/report.js'

// The only file that reads process.env: everything below receives plain values.
const env = process.env
const debug = Boolean(env.DEBUG)
const color = Boolean(process.stderr.isTTY) && !env.NO_COLOR && !env.CI

const program = new Command('pressroom')
  .description('Publish Markdown press releases as a newsroom site, feeds and email digests')
  .showHelpAfterError()
  .configureOutput({writeErr: (text) => process.stderr.write(text)})

const configOption = () => new Option('--config <file>', 'config file').default(undefined, 'pressroom.config.json')
const releasesOption = () => new Option('--releases <dir>', 'folder of release files').default('releases')

program
  .command('build')
  .description('Check every release and build the site, feeds and email preview into the out folder')
  .addOption(releasesOption())
  .option('--out <dir>', 'output folder (replaced as a whole when the build succeeds)', 'out')
  .option('--now <iso>', 'the instant that decides embargoes (default: now)')
  .option('--public <dir>', 'static files copied into the output as they are', 'public')
  .addOption(configOption())
  .action(async (options: {releases: string; out: string; now?: string; public: string; config?: string}) => {
    const started = performance.now()
    const config = loadConfig(options.config)
    const now = parseNow(options.now, Date.now())
    const result = await build({config, releasesDir: options.releases, outDir: options.out, now, publicDir: options.public})
    const messages = formatMessages(result.files, color)
    if (messages) process.stderr.write(messages + '\n')
    if (!result.ok) {
      process.stderr.write(`pressroom: build failed; ${options.out}/ was left as it was\n`)
      process.exitCode = 1
      return
    }
    for (const line of formatBuildSummary(result, options.out, (performance.now() - started) / 1000)) process.stdout.write(line + '\n')
  })

program
  .command('check')
  .description('Check every release file without building; exits 1 when any problem is fatal')
  .addOption(releasesOption())
  .addOption(configOption())
  .action(async (options: {releases: string; config?: string}) => {
    const config = loadConfig(options.config)
    const {files, releases} = await loadReleases({config, releasesDir: options.releases})
    const messages = formatMessages(files, color)
    if (messages) process.stderr.write(messages + '\n')
    if (hasFatal(files)) process.exitCode = 1
    else process.stdout.write(`pressroom: ${releases.length} releases checked, no fatal problems\n`)
  })

program
  .command('new')
  .description('Write a new release file (a draft) with the required keys')
  .argument('<title>', 'the headline')
  .option('--date <yyyy-mm-dd>', "the release date (default: today in the site's time zone)")
  .addOption(releasesOption())
  .addOption(configOption())
  .action(async (title: string, options: {date?: string; releases: string; config?: string}) => {
    const config = loadConfig(options.config)
    const date = options.date ?? new Date().toLocaleDateString('en-CA', {timeZone: config.timeZone})
    const path = await newRelease({title, date, releasesDir: options.releases, config})
    process.stdout.write(`pressroom: wrote ${path} (a draft for ${formatApDateInZone(Date.parse(date + 'T12:00:00Z'), 'UTC')}); set its dateline and remove \`draft: true\` to publish\n`)
  })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  process.stderr.write(formatError(error, debug) + '\n')
  process.exitCode = 1
}
