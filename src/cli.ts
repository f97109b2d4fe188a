#!/usr/bin/env node
import {Command, InvalidArgumentError, Option} from 'commander'
import {createBuildProgress} from './build/build-progress.js'
import {cacheDirOf, imageStoreDir} from './build/cache-dir-of.js'
import {pressroomVersion} from './cache/build-stamp.js'
import {formatBuildSummary, formatMessages, parseNow} from './cli-support.js'
import {loadConfig as loadConfigFile} from './config/load-config.js'
import {formatApDateInZone} from './release/ap-date.js'
import {formatError} from './report/pressroom-error.js'
import {hasFatal} from './report/report.js'

// The only file that reads process.env: everything below receives plain values.
const env = process.env
const debug = Boolean(env.DEBUG)
const color = Boolean(process.stderr.isTTY) && !env.NO_COLOR && !env.CI
const interactive = Boolean(process.stderr.isTTY) && !env.CI
// Benchmarks read one JSON line of stats from stderr (wall time, peak memory) when PRESSROOM_STATS=1.
const stats = env.PRESSROOM_STATS === '1'
// DATABASE_URL names the store instead of the config's `database`: a PostgreSQL URL carries a password, which belongs
// in the environment, not in a config file kept in git.
const loadConfig = (path: string | undefined) => {
  const config = loadConfigFile(path)
  return env.DATABASE_URL ? {...config, database: env.DATABASE_URL} : config
}

// A reader that stops early (`pressroom subscribers export | head -n 1`) closes the pipe: that is no error, so every
// command ends there, quietly, as Unix tools do. A failure found before keeps its exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  })
}

const program = new Command('pressroom')
  .description('Publish Markdown press releases as a newsroom site, feeds and email digests')
  .version(pressroomVersion)
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
  .option('--no-cache', 'render every release again, ignoring the build cache in .pressroom-cache/ (a fresh one is written)')
  .addOption(configOption())
  .action(async (options: {releases: string; out: string; now?: string; public: string; config?: string; cache: boolean}) => {
    const started = performance.now()
    const config = loadConfig(options.config)
    const now = parseNow(options.now, Date.now())
    // A no-op build answers from the manifest of the last one, before unified and LiquidJS are even loaded.
    const {inspectBuild, formatUpToDateBuild} = await import('./build/inspect-build.js')
    const {upToDate: same, snapshot} = options.cache ? inspectBuild({config, releasesDir: options.releases, outDir: options.out, publicDir: options.public, cwd: process.cwd(), now}) : {}
    if (same) {
      if (stats) process.stderr.write(`pressroom-stats ${JSON.stringify({wallMs: Math.round(performance.now() - started), maxRssKiB: process.resourceUsage().maxRSS, rendered: 0, upToDate: true})}\n`)
      const messages = formatMessages(same.files, color)
      if (messages) process.stderr.write(messages + '\n')
      for (const line of formatUpToDateBuild(same, options.out, (performance.now() - started) / 1000)) process.stdout.write(line + '\n')
      return
    }
    const [{build}, {tightenHeapGrowth}] = await Promise.all([import('./build/build.js'), import('./build/tighten-heap-growth.js')])
    // Only for bulk work: in a build that reuses nearly everything, the tighter limit made V8 collect its small heap
    // over and over, for little memory saved.
    let loosenHeapGrowth = () => {}
    const progress = interactive ? createBuildProgress(process.stderr) : undefined
    const result = await build({
      config,
      releasesDir: options.releases,
      outDir: options.out,
      now,
      publicDir: options.public,
      configFile: config.configPath,
      cache: options.cache ? 'reuse' : 'rebuild',
      ledger: true,
      ...(snapshot === undefined ? {} : {snapshot}),
      ...(progress ? {onProgress: progress.update} : {}),
      onBulkWork: () => void (loosenHeapGrowth = tightenHeapGrowth())
    }).finally(() => loosenHeapGrowth())
    progress?.end()
    if (stats) {
      const line = {wallMs: Math.round(performance.now() - started), maxRssKiB: process.resourceUsage().maxRSS, rendered: result.rendered, upToDate: false, images: result.images, cards: result.cards, searchRecords: result.searchRecords, searchShards: result.searchShards, filesRead: result.filesRead}
      process.stderr.write(`pressroom-stats ${JSON.stringify(line)}\n`)
    }
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
  .option('--public <dir>', 'static files copied into the output as they are (site-path media must be there)', 'public')
  .addOption(configOption())
  .action(async (options: {releases: string; public: string; config?: string}) => {
    const config = loadConfig(options.config)
    const [{loadReleases}, {checkMediaFiles, reportUnreadableImages}, {unreadableImages}] = await Promise.all([import('./release/load-releases.js'), import('./release/check-media-files.js'), import('./images/process-images.js')])
    const {files, releases} = await loadReleases({config, releasesDir: options.releases})
    checkMediaFiles(releases, files, options.public, process.cwd())
    // Decoded as the build decodes them, so `check` warns of the picture a build would serve without its sizes.
    reportUnreadableImages(releases, files, await unreadableImages({releases, publicDir: options.public, cwd: process.cwd()}))
    const messages = formatMessages(files, color)
    if (messages) process.stderr.write(messages + '\n')
    if (hasFatal(files)) process.exitCode = 1
    else process.stdout.write(`pressroom: ${(await import('./report/count-noun.js')).countNoun(releases.length, 'release')} checked, no fatal problems\n`)
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
    const {newRelease} = await import('./new-release.js')
    const path = await newRelease({title, date, releasesDir: options.releases, config})
    process.stdout.write(`pressroom: wrote ${path} (a draft for ${formatApDateInZone(Date.parse(date + 'T12:00:00Z'), 'UTC')}); set its dateline and remove \`draft: true\` to publish\n`)
  })

program
  .command('import')
  .description('Turn a wire release as received (GlobeNewswire, PR Newswire, Business Wire; a .txt or .eml file, or - for stdin) into a release file')
  .argument('<file>', 'the release as a .txt or .eml file, or - to read standard input')
  .addOption(releasesOption())
  .option('--organizations <dir>', "folder of organization files (the release's boilerplate and contacts go there)", 'organizations')
  .option('--dry-run', 'print the release file instead of writing it')
  .addOption(configOption())
  .action(async (file: string, o: {releases: string; organizations: string; dryRun?: boolean; config?: string}) => {
    const config = loadConfig(o.config)
    const {runImportCommand} = await import('./import/import-command.js')
    const readStdin = async () => {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    }
    await runImportCommand({input: file, releasesDir: o.releases, organizationsDir: o.organizations, dryRun: o.dryRun === true}, config, {
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      readStdin
    })
  })

// Email digests and subscribers (issue 4). Loaded on demand so `build` never pays for SQLite or nodemailer.
const positive = (flag: string) => (value: string) => {
  const number = Number(value)
  if (!(number > 0)) throw new InvalidArgumentError(`${flag} expects a positive number`)
  return number
}
const subscribers = program.command('subscribers').description('Manage the digest subscribers (the store at config `database` or DATABASE_URL)')
const runSubscribers = async (command: import('./store/subscribers-command.js').SubscribersAction, configPath?: string) => {
  const {runSubscribersCommand} = await import('./store/subscribers-command.js')
  const ok = await runSubscribersCommand(command, loadConfig(configPath), (line) => process.stdout.write(line + '\n'))
  if (!ok) process.exitCode = 1
}
const forceConsentHelp = 'resubscribe a suppressed (unsubscribed) address, recording this reason as its consent'
subscribers.command('add').description('Add a subscriber (an unsubscribed address stays suppressed: exit 1, unless --force-consent)').argument('<email>')
  .option('--name <name>', 'display name').option('--tags <tags>', 'tags, comma-separated: only releases sharing one are sent')
  .addOption(new Option('--frequency <frequency>', 'instant (one alert per release), daily or weekly digest (new subscribers: daily)').choices(['instant', 'daily', 'weekly']))
  .option('--force-consent <reason>', forceConsentHelp).addOption(configOption())
  .action((email: string, o: {name?: string; tags?: string; frequency?: string; forceConsent?: string; config?: string}) => runSubscribers({action: 'add', email, name: o.name, tags: o.tags, frequency: o.frequency, forceConsent: o.forceConsent}, o.config))
subscribers.command('import').description('Import a CSV file with a header row: email,name,tags (optional status, frequency; suppressed addresses: exit 1, unless --force-consent)').argument('<file>')
  .option('--force-consent <reason>', forceConsentHelp).addOption(configOption())
  .action((file: string, o: {forceConsent?: string; config?: string}) => runSubscribers({action: 'import', file, forceConsent: o.forceConsent}, o.config))
subscribers.command('remove').description('Unsubscribe an address; it stays on file as suppressed').argument('<email>').addOption(configOption())
  .action((email: string, o: {config?: string}) => runSubscribers({action: 'remove', email}, o.config))
subscribers.command('list').description('List subscribers').option('--json', 'as JSON').addOption(configOption())
  .action((o: {json?: boolean; config?: string}) => runSubscribers({action: 'list', json: o.json}, o.config))
subscribers.command('export').description('Write all subscribers as CSV to stdout').addOption(configOption())
  .action((o: {config?: string}) => runSubscribers({action: 'export'}, o.config))

const db = program.command('db').description('Look after the store: SQLite at config `database`, or PostgreSQL at a postgres:// URL there or in DATABASE_URL')
const runDb = async (command: import('./store/db-command.js').DbAction, configPath?: string) => {
  const {runDbCommand} = await import('./store/db-command.js')
  // A copy names both stores itself: it needs no newsroom, so no config file.
  await runDbCommand(command, command.action === 'migrate' ? loadConfig(configPath).database : undefined, (line) => process.stdout.write(line + '\n'))
}
db.command('migrate').description('Bring the store up to the newest schema version and say which it is at').addOption(configOption())
  .action((o: {config?: string}) => runDb({action: 'migrate'}, o.config))
db.command('copy').description('Copy every table of one store into a new, empty one in one transaction (e.g. SQLite to PostgreSQL), and say what it copied')
  .requiredOption('--from <store>', 'a SQLite file or a postgres:// URL').requiredOption('--to <store>', 'a SQLite file or a postgres:// URL (must be empty)')
  .action((o: {from: string; to: string}) => runDb({action: 'copy', from: o.from, to: o.to}))

// What digests and alerts share: how fast they send, and where they report.
const rateOption = () => new Option('--rate <n>', 'messages per second').argParser(positive('--rate'))
const connectionsOption = () => new Option('--connections <n>', 'SMTP pool connections (messages in flight)').argParser(positive('--connections')).default(3)
// Messages link the email-sized renditions the last build of the site made of each image, found beside its out folder.
const siteOption = () => new Option('--site <dir>', 'the out folder of the built site, whose image renditions messages link').default('out')
const publicOption = () => new Option('--public <dir>', 'static files of the site (where its images are)').default('public')
const renditionSource = (o: {site: string; public: string}) => ({publicDir: o.public, imagesDir: imageStoreDir(cacheDirOf(o.site, process.cwd()))})
const sendIo = () => ({stdout: (line: string) => process.stdout.write(line + '\n'), stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) && !env.CI})

program
  .command('digest')
  .description('Email the releases published since the last digest to every subscriber, exactly once (resumes after a crash)')
  .addOption(releasesOption())
  .option('--since <iso>', 'take releases published after this instant (default: the last digest sent)')
  .option('--now <iso>', 'the instant that decides embargoes and the subject date (default: now)')
  .option('--dry-run', 'write the messages as .eml files instead of sending')
  .option('--out <dir>', 'folder for --dry-run, never inside the out folder (default: dry-run/<time>/ beside the database)')
  .addOption(siteOption())
  .addOption(publicOption())
  .addOption(rateOption())
  .addOption(connectionsOption())
  .option('--status', 'show the state of the last digest and exit')
  .option('--retry-failed', 'queue the failed recipients of the last digest again (never unsubscribed ones) and send to them')
  .addOption(new Option('--frequency <frequency>', 'whose digest: subscribers with this cadence for the releases; its window starts at the last digest of the same frequency').choices(['daily', 'weekly']).default('daily'))
  .addOption(configOption())
  .action(async (o: {releases: string; frequency: 'daily' | 'weekly'; since?: string; now?: string; dryRun?: boolean; out?: string; site: string; public: string; rate?: number; connections: number; status?: boolean; retryFailed?: boolean; config?: string}) => {
    const {runDigestCommand} = await import('./email/digest-command.js')
    process.exitCode = await runDigestCommand({...o, releasesDir: o.releases, images: renditionSource(o)}, loadConfig(o.config), env, sendIo())
  })

// Bounces and complaints (issue 25): delivery reports read back into the send log; they suppress by themselves.
const bounces = program.command('bounces').description('Read bounces (RFC 3464 delivery reports) and complaints (RFC 5965 ARF reports) and suppress the addresses they call for')
bounces.command('read').description('Read .eml files or a maildir folder of reports: a hard bounce or a complaint suppresses at once, soft bounces after `bounces.softLimit` within `bounces.softWindowDays`; reports about messages we never sent change nothing')
  .argument('<files...>', '.eml files, maildir folders, or IMAP mailboxes (imaps://user@host/mailbox, password in PRESSROOM_IMAP_PASSWORD): their unseen messages, marked seen once read')
  .option('--now <iso>', 'the instant the reports are recorded at (default: now)')
  .addOption(configOption())
  .action(async (files: string[], o: {now?: string; config?: string}) => {
    const {runBouncesRead} = await import('./bounces/bounces-command.js')
    process.exitCode = await runBouncesRead({paths: files, now: parseNow(o.now, Date.now()), secret: env.PRESSROOM_SECRET, imapPassword: env.PRESSROOM_IMAP_PASSWORD}, loadConfig(o.config), lines)
  })

program
  .command('ping')
  .description('Tell the WebSub hubs of the config that the site-wide feeds changed (after you deploy out/ yourself)')
  .option('--retries <n>', 'retries per hub and feed, with exponential backoff', (value: string) => {
    const number = Number(value)
    if (!Number.isInteger(number) || number < 0 || number > 10) throw new InvalidArgumentError('--retries expects a whole number from 0 to 10')
    return number
  })
  .addOption(configOption())
  .action(async (o: {retries?: number; config?: string}) => {
    const {runPingCommand} = await import('./websub/ping-command.js')
    process.exitCode = await runPingCommand(loadConfig(o.config), o.retries === undefined ? {} : {retries: o.retries}, {
      stdout: (line) => void process.stdout.write(line + '\n'),
      stderr: (line) => void process.stderr.write(line + '\n')
    })
  })

program
  .command('alerts')
  .description('Email each release that went live (or was corrected with a `correction` note) to its instant subscribers, exactly once (resumes after a crash)')
  .addOption(releasesOption())
  .option('--now <iso>', 'the instant that decides embargoes (default: now)')
  .option('--dry-run', 'list the alerts due and their recipient counts; send and record nothing')
  .addOption(siteOption())
  .addOption(publicOption())
  .addOption(rateOption())
  .addOption(connectionsOption())
  .option('--status', 'show the state of the recent alerts and exit')
  .option('--retry-failed', 'queue the failed recipients of the recent alerts again (never unsubscribed ones) and send to them')
  .addOption(configOption())
  .action(async (o: {releases: string; now?: string; dryRun?: boolean; site: string; public: string; rate?: number; connections: number; status?: boolean; retryFailed?: boolean; config?: string}) => {
    const {runAlertsCommand} = await import('./email/alerts-command.js')
    process.exitCode = await runAlertsCommand({...o, releasesDir: o.releases, images: renditionSource(o)}, loadConfig(o.config), env, sendIo())
  })

// Scheduled publishing (issue 22): build at each embargo instant, deploy, notify; digests on their cron schedules.
const scheduleOptions = (command: Command) => command
  .addOption(releasesOption())
  .option('--out <dir>', 'output folder (replaced as a whole when a build succeeds)', 'out')
  .option('--public <dir>', 'static files copied into the output as they are', 'public')
  .addOption(configOption())
const runSchedule = async (mode: 'run' | 'tick', o: {releases: string; out: string; public: string; config?: string}) => {
  const config = loadConfig(o.config)
  const {runScheduleCommand} = await import('./schedule/schedule-command.js')
  process.exitCode = await runScheduleCommand(mode, {releasesDir: o.releases, outDir: o.out, publicDir: o.public, configFile: config.configPath}, config, env, {
    stdout: lines.stdout,
    stderr: lines.stderr
  })
}
scheduleOptions(program.command('tick').description('Do the due work once and exit (for cron): build what went public, run the deploy command, notify, fire due digests'))
  .action((o: {releases: string; out: string; public: string; config?: string}) => runSchedule('tick', o))
scheduleOptions(program.command('run').description('Keep doing the due work (for a server or container): wakes at each embargo, scheduled date and digest schedule; SIGTERM stops it'))
  .action((o: {releases: string; out: string; public: string; config?: string}) => runSchedule('run', o))

program
  .command('status')
  .description('Show what is scheduled next (release, digests) and the last publishes, deploys and digest sends')
  .addOption(releasesOption())
  .option('--json', 'as JSON, for scripts')
  .addOption(configOption())
  .action(async (o: {releases: string; json?: boolean; config?: string}) => {
    const config = loadConfig(o.config)
    const {scheduleStatus, formatScheduleStatus} = await import('./schedule/schedule-status.js')
    const status = await scheduleStatus({config, releasesDir: o.releases, cwd: process.cwd(), now: Date.now()})
    const text = o.json ? [JSON.stringify(status, null, 2)] : formatScheduleStatus(status)
    for (const line of text) process.stdout.write(line + '\n')
  })

// Live preview and subscription server (issue 5). Loaded on demand, like the digest.
const port = (value: string) => {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expects a port number from 0 to 65535')
  return number
}
const lines = {stdout: (line: string) => void process.stdout.write(line + '\n'), stderr: (text: string) => void process.stderr.write(text.endsWith('\n') ? text : text + '\n')}

program
  .command('dev')
  .description('Preview the newsroom on 127.0.0.1 with drafts and embargoed releases marked; rebuilds and updates the open tab on every change')
  .option('--port <n>', 'port to serve on (0: any free port)', port, 4000)
  .addOption(releasesOption())
  .option('--now <iso>', 'the instant that decides embargoes (default: the time of each build)')
  .option('--public <dir>', 'static files copied into the preview as they are', 'public')
  .addOption(configOption())
  .action(async (o: {port: number; releases: string; now?: string; public: string; config?: string}) => {
    const {runDevCommand} = await import('./dev/dev-command.js')
    const now = o.now === undefined ? undefined : parseNow(o.now, Date.now())
    await runDevCommand({port: o.port, releasesDir: o.releases, configFile: o.config, publicDir: o.public, ...(now === undefined ? {} : {now})}, {...lines, color})
  })

program
  .command('serve')
  .description('Run the subscription endpoints (subscribe, confirm, one-click unsubscribe); needs PRESSROOM_SECRET and SMTP_URL (or MAIL_TRANSPORT=ses); takes SES notifications at /ses/notifications')
  .option('--port <n>', 'port to listen on', port, 4100)
  .option('--host <address>', 'address to listen on (behind a reverse proxy, keep 127.0.0.1)', '127.0.0.1')
  .option('--out <dir>', 'also serve this built site')
  .option('--trust-proxy', 'behind a reverse proxy: rate-limit by the X-Forwarded-For address it adds')
  .addOption(configOption())
  .action(async (o: {port: number; host: string; out?: string; trustProxy?: boolean; config?: string}) => {
    const {runServeCommand} = await import('./server/serve-command.js')
    await runServeCommand({port: o.port, host: o.host, trustProxy: o.trustProxy === true, ...(o.out === undefined ? {} : {out: o.out})}, loadConfig(o.config), env, lines)
  })

// No top-level await: the CLI is bundled as a script, so V8 can keep its compiled code (see src/launcher/).
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(formatError(error, debug) + '\n')
  process.exitCode = 1
})
