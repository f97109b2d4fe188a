import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {freePort, isAlive, listening} from './loopback-daemon.js'

/** A private Dovecot IMAP server on 127.0.0.1 with one passwd-file user, and that user's maildir. */
export interface TestDovecot {
  /** The IMAP port: cleartext, or STARTTLS when started with `tls`. */
  port: number
  /** The implicit-TLS (imaps) port when started with `tls`. */
  imapsPort: number | undefined
  /** The self-signed certificate (PEM) the server presents when started with `tls`: what a client must trust. */
  certificate: string | undefined
  user: string
  password: string
  /** The user's INBOX, a maildir: a file written into its `new/` is a message that has just arrived. */
  maildir: string
  /** Put a message into the INBOX as a delivery would (tmp/, then renamed into new/), owned by the mail user. */
  deliver(name: string, bytes: string | Buffer): void
  log(): string
  /** Kill the server and all its processes at once, as a crash would; the maildir stays for `start` to serve again. */
  kill(): void
  /** Start the killed server again on the same ports and maildir. */
  start(): Promise<void>
  stop(): Promise<void>
}

/**
 * Start Debian's Dovecot (package `dovecot-imapd`, installed by scripts/install-test-tools.mjs) with its own config in a
 * temp folder: IMAP only, on 127.0.0.1 at a free port, one user from a passwd file whose mail is stored as `nobody`.
 * With `tls`, it also listens for imaps and offers STARTTLS, with a certificate for 127.0.0.1 made here by `openssl`.
 * Needs a root test run, as Dovecot's master does.
 */
export async function startDovecot(options: {tls?: boolean} = {}): Promise<TestDovecot> {
  const folder = mkdtempSync(join(tmpdir(), 'pressroom-dovecot-'))
  // Dovecot's login and mail processes run as other users and must reach the files below.
  chmodSync(folder, 0o755)
  const home = join(folder, 'home')
  mkdirSync(home)
  const owner = {uid: Number(idOf('-u', 'nobody')), gid: Number(idOf('-g', 'nobody'))}
  chownSync(home, owner.uid, owner.gid)
  const port = await freePort()
  const imapsPort = options.tls ? await freePort() : undefined
  const certificate = options.tls ? join(folder, 'server.pem') : undefined
  if (certificate) makeCertificate(certificate, join(folder, 'server.key'))
  const user = 'bounces'
  const password = 'imap-test-password-51c9'
  writeFileSync(join(folder, 'passwd'), `${user}:{PLAIN}${password}\n`)
  const config = join(folder, 'dovecot.conf')
  const logFile = join(folder, 'dovecot.log')
  // No ssl_dh: Dovecot 2.3 negotiates ECDHE and needs no DH parameters, which would take long to generate.
  const ssl = certificate ? `ssl = yes\nssl_cert = <${certificate}\nssl_key = <${join(folder, 'server.key')}\n` : 'ssl = no\n'
  writeFileSync(config, `base_dir = ${join(folder, 'run')}
state_dir = ${join(folder, 'state')}
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
${ssl}disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(folder, 'passwd')}
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${home}/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort ?? 0}
  }
}
service anvil {
  chroot =
}
`)
  const maildir = join(home, user, 'Maildir')
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(maildir, sub), {recursive: true})
  for (const dir of [join(home, user), maildir, ...['tmp', 'new', 'cur'].map((sub) => join(maildir, sub))]) chownSync(dir, owner.uid, owner.gid)
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8')
    } catch {
      return ''
    }
  }
  const masterPid = () => {
    try {
      return Number(readFileSync(join(folder, 'run', 'master.pid'), 'utf8').trim())
    } catch {
      return 0
    }
  }
  // The master leads its own process group (it calls setsid): signalling the group reaches every login and imap process.
  const kill = () => {
    const pid = masterPid()
    if (pid > 0 && running(pid)) process.kill(-pid, 'SIGKILL')
    // The killed master may stay a zombie (nothing reaps it in a container), and Dovecot would take its pid file for a
    // running server and refuse to start again.
    rmSync(join(folder, 'run', 'master.pid'), {force: true})
  }
  const start = async () => {
    // Without -F the master forks into the background and exits once it listens or has failed. Its output goes to a
    // file: the background processes inherit it, and a pipe they hold open would keep spawnSync waiting for them.
    const startupFile = join(folder, 'startup.log')
    const output = openSync(startupFile, 'w')
    const started = spawnSync('dovecot', ['-c', config], {stdio: ['ignore', output, output], timeout: 30_000})
    closeSync(output)
    // A timeout here means the daemon held spawnSync waiting again, which the exit status alone would not show.
    if (started.error || started.status !== 0) {
      throw new Error(`Dovecot did not start (dovecot -c ${config}, ${started.error ? started.error.message : `exit ${started.status ?? started.signal}`}):\n${readFileSync(startupFile, 'utf8')}${log()}`)
    }
    for (const each of [port, imapsPort ?? port]) {
      for (let attempt = 0; !(await listening(each)); attempt++) {
        if (attempt >= 250) throw new Error(`Dovecot did not listen on 127.0.0.1:${each}:\n${log()}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    // The master may write its pid file only after it listens; kill and stop find the processes by it.
    for (let attempt = 0; !(masterPid() > 0 && running(masterPid())); attempt++) {
      if (attempt >= 250) throw new Error(`Dovecot wrote no pid file of a running master in ${join(folder, 'run')}:\n${log()}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    const pid = masterPid()
    // Killed, not asked to stop: Dovecot's orderly shutdown waits seconds for its processes, and nothing here needs it.
    kill()
    for (let attempt = 0; pid > 0 && running(pid) && attempt < 100; attempt++) await new Promise((resolve) => setTimeout(resolve, 20))
    rmSync(folder, {recursive: true, force: true})
  }
  try {
    await start()
  } catch (error) {
    await stop()
    throw error
  }
  const deliver = (name: string, bytes: string | Buffer) => {
    const temporary = join(maildir, 'tmp', name)
    writeFileSync(temporary, bytes)
    chownSync(temporary, owner.uid, owner.gid)
    renameSync(temporary, join(maildir, 'new', name))
  }
  return {port, imapsPort, certificate, user, password, maildir, deliver, log, kill, start, stop}
}

/** A self-signed certificate for 127.0.0.1 (and localhost), valid for a day: the server's, and the one a client trusts. */
function makeCertificate(certificate: string, key: string): void {
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', certificate], {encoding: 'utf8', timeout: 30_000})
  if (made.status !== 0) throw new Error(`openssl could not make the test certificate (exit ${made.status ?? made.signal}):\n${made.stderr}`)
  // Dovecot reads the key as root before dropping privileges; the login processes get it from the config process.
  chmodSync(key, 0o600)
}

/** Whether `pid` runs: alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  if (!isAlive(pid)) return false
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

function idOf(flag: '-u' | '-g', name: string): string {
  return spawnSync('id', [flag, name], {encoding: 'utf8'}).stdout.trim()
}
