// Runs before `npm test` (the `pretest` script): the tests drive real tools that are not npm packages, and a test
// whose tool is missing must fail, never skip. On a fresh Debian machine, as root, this installs them; elsewhere it
// prints the one command that does, and stops the test run.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

/** Each tool the tests use, how to tell it is there, and the Debian package that brings it. */
const tools = [
  {what: 'Chromium (browser tests and screenshots)', package: 'chromium', present: () => existsSync('/usr/bin/chromium')},
  {what: "Python's feedparser (feed checks)", package: 'python3-feedparser', present: () => succeeds('/usr/bin/python3', ['-c', 'import feedparser'])},
  {what: 'Java (the Nu HTML checker)', package: 'default-jre-headless', present: () => succeeds('java', ['-version'])},
  // Screenshots of Chinese releases show characters, not boxes, only with a CJK font.
  {what: 'a CJK font (screenshots)', package: 'fonts-droid-fallback', present: () => existsSync('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf')},
  // The store's tests run against a private PostgreSQL cluster as well as SQLite (tests/support/start-postgres.ts).
  {what: 'PostgreSQL (store tests)', package: 'postgresql', present: () => existsSync('/usr/lib/postgresql/15/bin/initdb')},
  // The bounce tests relay a digest through a private Postfix instance (tests/support/start-postfix.ts).
  {what: 'Postfix (bounce tests)', package: 'postfix', present: () => existsSync('/usr/sbin/postfix') && existsSync('/usr/share/postfix/master.cf.dist')},
  // `pressroom bounces read imap://…` is tested against a private Dovecot (tests/support/start-dovecot.ts).
  {what: 'Dovecot IMAP (bounce tests)', package: 'dovecot-imapd', present: () => existsSync('/usr/sbin/dovecot') && existsSync('/usr/lib/dovecot/imap')},
  // The IMAP tests over imaps and STARTTLS make the test Dovecot's self-signed certificate with it.
  {what: 'OpenSSL (TLS certificates of the IMAP tests)', package: 'openssl', present: () => succeeds('openssl', ['version'])}
]

function succeeds(command, args) {
  const result = spawnSync(command, args, {stdio: 'ignore'})
  return result.error === undefined && result.status === 0
}

const missing = tools.filter((tool) => !tool.present())
if (missing.length === 0) process.exit(0)

const packages = missing.map((tool) => tool.package)
const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (!isRoot || !succeeds('apt-get', ['--version'])) {
  process.stderr.write(`pretest: the tests need ${missing.map((tool) => tool.what).join(', ')}; install them with: sudo apt-get update && sudo ${command}\n`)
  process.exit(1)
}

process.stderr.write(`pretest: installing ${packages.join(', ')} for the tests (${missing.map((tool) => tool.what).join(', ')})\n`)
const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
// Postfix is installed unconfigured ("No configuration"): the tests run their own instance, and a system-wide one
// would listen on port 25 of this machine long after the tests.
if (packages.includes('postfix')) {
  spawnSync('debconf-set-selections', [], {input: 'postfix postfix/main_mailer_type select No configuration\n', stdio: ['pipe', 'ignore', 'inherit']})
}
for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
  const result = spawnSync('apt-get', args, {stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 15 * 60_000})
  if (result.status !== 0) {
    process.stderr.write(`pretest: \`apt-get ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); run \`${command}\` yourself, then \`npm test\`\n`)
    process.exit(1)
  }
}
// The tests start their own instances: a system-wide MTA or IMAP server the packages may have started (Postfix when a
// local policy configured it, Dovecot always) would listen on ports 25, 143 and 993 long after the tests. Stop them and
// keep them off.
for (const service of ['postfix', 'dovecot'].filter((name) => packages.some((pkg) => pkg.startsWith(name)))) {
  for (const [command, args] of [['systemctl', ['disable', '--now', service]], ['invoke-rc.d', [service, 'stop']], ['update-rc.d', [service, 'disable']]]) {
    spawnSync(command, args, {stdio: 'ignore'})
  }
}
const still = tools.filter((tool) => !tool.present())
if (still.length > 0) {
  process.stderr.write(`pretest: still missing after the install: ${still.map((tool) => tool.what).join(', ')}\n`)
  process.exit(1)
}
