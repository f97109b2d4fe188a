import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {freePort, isAlive, listening} from './loopback-daemon.js'

/** A private Dovecot IMAP server on 127.0.0.1 with one passwd-file user, and that user's maildir. */
export interface TestDovecot {
  port: number
  user: string
  password: string
  /** The user's INBOX, a maildir: a file written into its `new/` is a message that has just arrived. */
  maildir: string
  /** Put a message into the INBOX as a delivery would (tmp/, then renamed into new/), owned by the mail user. */
  deliver(name: string, bytes: string | Buffer): void
  log(): string
  stop(): Promise<void>
}

/**
 * Start Debian's Dovecot (package `dovecot-imapd`, installed by scripts/install-test-tools.mjs) with its own config in a
 * temp folder: IMAP only, on 127.0.0.1 at a free port, no TLS (loopback only), one user from a passwd file whose mail
 * is stored as `nobody`. Needs a root test run, as Dovecot's master does.
 */
export async function startDovecot(): Promise<TestDovecot> {
  const folder = mkdtempSync(join(tmpdir(), 'pressroom-dovecot-'))
  // Dovecot's login and mail processes run as other users and must reach the files below.
  chmodSync(folder, 0o755)
  const home = join(folder, 'home')
  mkdirSync(home)
  const owner = {uid: Number(idOf('-u', 'nobody')), gid: Number(idOf('-g', 'nobody'))}
  chownSync(home, owner.uid, owner.gid)
  const port = await freePort()
  const user = 'bounces'
  const password = 'imap-test-password-51c9'
  writeFileSync(join(folder, 'passwd'), `${user}:{PLAIN}${password}\n`)
  const config = join(folder, 'dovecot.conf')
  const logFile = join(folder, 'dovecot.log')
  writeFileSync(config, `base_dir = ${join(folder, 'run')}
state_dir = ${join(folder, 'state')}
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
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
    port = 0
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
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    const pid = Number((() => {
      try {
        return readFileSync(join(folder, 'run', 'master.pid'), 'utf8')
      } catch {
        return '0'
      }
    })().trim())
    spawnSync('doveadm', ['-c', config, 'stop'], {stdio: 'ignore', timeout: 30_000})
    for (let attempt = 0; pid > 0 && isAlive(pid) && attempt < 100; attempt++) await new Promise((resolve) => setTimeout(resolve, 100))
    if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL')
    rmSync(folder, {recursive: true, force: true})
  }
  // Without -F the master forks into the background and returns once it listens or has failed.
  const started = spawnSync('dovecot', ['-c', config], {encoding: 'utf8', timeout: 60_000})
  if (started.status !== 0) {
    const why = `${started.stderr}${started.stdout}${log()}`
    await stop()
    throw new Error(`Dovecot did not start (dovecot -c ${config}, exit ${started.status ?? started.signal}):\n${why}`)
  }
  for (let attempt = 0; !(await listening(port)); attempt++) {
    if (attempt >= 150) {
      const why = log()
      await stop()
      throw new Error(`Dovecot did not listen on 127.0.0.1:${port}:\n${why}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const deliver = (name: string, bytes: string | Buffer) => {
    const temporary = join(maildir, 'tmp', name)
    writeFileSync(temporary, bytes)
    chownSync(temporary, owner.uid, owner.gid)
    renameSync(temporary, join(maildir, 'new', name))
  }
  return {port, user, password, maildir, deliver, log, stop}
}

function idOf(flag: '-u' | '-g', name: string): string {
  return spawnSync('id', [flag, name], {encoding: 'utf8'}).stdout.trim()
}
