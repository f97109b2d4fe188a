import {spawnSync} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {freePort, isAlive, listening} from './loopback-daemon.js'

/** A private Postfix instance on 127.0.0.1: the port its smtpd listens on, its log, and how to stop it. */
export interface TestPostfix {
  port: number
  /** The maildir Postfix delivers mail for `localAddress` into (its `new/` holds the bounces). */
  maildir: string
  /** What the instance logged so far (its `maillog_file`), for failure messages. */
  log(): string
  stop(): Promise<void>
}

/**
 * Start Debian's Postfix (package `postfix`, installed by scripts/install-test-tools.mjs) as a private instance: its
 * own config, queue and data folders in a temp folder, smtpd on 127.0.0.1 at a free port and no other listener,
 * everything relayed to `[127.0.0.1]:relayPort` without DNS, except mail for `localAddress` (the envelope sender, so
 * the bounces), which Postfix's virtual(8) delivers into a maildir, as README's relay set-up does.
 * Postfix's master runs as root and drops to the `postfix` user, so this needs a root test run.
 */
export async function startPostfix(options: {relayPort: number; localAddress: string}): Promise<TestPostfix> {
  const folder = mkdtempSync(join(tmpdir(), 'pressroom-postfix-'))
  // The postfix user's daemons must reach the queue below it; mkdtemp makes it 0700.
  chmodSync(folder, 0o755)
  const config = join(folder, 'etc')
  const queue = join(folder, 'spool')
  const data = join(folder, 'data')
  const mail = join(folder, 'mail')
  for (const dir of [config, queue, data, mail]) mkdirSync(dir)
  chownSync(data, Number(idOf('-u', 'postfix')), Number(idOf('-g', 'postfix')))
  // virtual(8) writes as the mailbox's owner, never as root: here `nobody`, which may create the maildir.
  const owner = {uid: Number(idOf('-u', 'nobody')), gid: Number(idOf('-g', 'nobody'))}
  chownSync(mail, owner.uid, owner.gid)
  const port = await freePort()
  const maillog = join(data, 'maillog')
  writeFileSync(join(config, 'main.cf'), [
    'compatibility_level = 3.6',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    // Fixed names, so Postfix never asks DNS or the machine who it is.
    'myhostname = mta.pressroom.test',
    'mydomain = pressroom.test',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mydestination =',
    'local_transport = error:no local delivery in the test instance',
    'alias_maps =',
    'alias_database =',
    'biff = no',
    'mynetworks = 127.0.0.0/8',
    'smtpd_relay_restrictions = permit_mynetworks, reject',
    `relayhost = [127.0.0.1]:${options.relayPort}`,
    'smtp_dns_support_level = disabled',
    'smtp_tls_security_level = none',
    `virtual_mailbox_domains = ${options.localAddress.split('@')[1]}`,
    `virtual_mailbox_base = ${mail}`,
    `virtual_mailbox_maps = inline:{ ${options.localAddress}=bounces/ }`,
    `virtual_uid_maps = static:${owner.uid}`,
    `virtual_gid_maps = static:${owner.gid}`,
    // No syslog in a test run: the log goes to a file the test can show when something fails.
    `maillog_file = ${maillog}`,
    `maillog_file_prefixes = ${folder}`,
    ''
  ].join('\n'))
  // Debian's master.cf with the public smtpd moved to 127.0.0.1:<port>, and no daemon chrooted (the temp folder has
  // none of the files a chroot needs).
  const master = readFileSync('/usr/share/postfix/master.cf.dist', 'utf8').split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^smtp(\s+)inet\s/, `127.0.0.1:${port}$1inet `))
    .map((line) => {
      if (/^\s/.test(line)) return line
      const fields = line.split(/\s+/)
      if (fields.length >= 8) fields[4] = 'n'
      return fields.join(' ')
    })
  writeFileSync(join(config, 'master.cf'), `${master.join('\n')}\n`)
  const log = () => {
    try {
      return readFileSync(maillog, 'utf8')
    } catch {
      return ''
    }
  }
  const postfix = (command: string) => spawnSync('postfix', ['-c', config, command], {encoding: 'utf8', timeout: 60_000})
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    postfix('stop')
    // `postfix stop` returns before the master has gone; wait (bounded) for its pid file's process to end.
    const pid = Number(readFileSafe(join(queue, 'pid', 'master.pid')).trim())
    for (let attempt = 0; pid > 0 && isAlive(pid) && attempt < 100; attempt++) await new Promise((resolve) => setTimeout(resolve, 100))
    if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL')
    rmSync(folder, {recursive: true, force: true})
  }
  const started = postfix('start')
  if (started.status !== 0) {
    const why = `${started.stderr}${started.stdout}${log()}`
    await stop()
    throw new Error(`Postfix did not start (postfix -c ${config} start, exit ${started.status ?? started.signal}):\n${why}`)
  }
  for (let attempt = 0; !(await listening(port)); attempt++) {
    if (attempt >= 150) {
      const why = log()
      await stop()
      throw new Error(`Postfix did not listen on 127.0.0.1:${port}:\n${why}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {port, maildir: join(mail, 'bounces'), log, stop}
}

function idOf(flag: '-u' | '-g', user: string): string {
  return spawnSync('id', [flag, user], {encoding: 'utf8'}).stdout.trim()
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
