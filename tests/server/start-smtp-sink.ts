import type {AddressInfo} from 'node:net'
import {simpleParser, type ParsedMail} from 'mailparser'
import {SMTPServer} from 'smtp-server'

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed. */
export interface SmtpSink {
  url: string
  messages: ParsedMail[]
  /** Wait (bounded) until `count` messages to `address` have arrived; returns them. */
  waitFor(address: string, count: number): Promise<ParsedMail[]>
  close(): Promise<void>
}

/** The messages in `messages` addressed to `address`. */
export function messagesTo(messages: readonly ParsedMail[], address: string): ParsedMail[] {
  const to = (mail: ParsedMail) => [mail.to ?? []].flat().flatMap((group) => group.value.map((entry) => entry.address?.toLowerCase()))
  return messages.filter((mail) => to(mail).includes(address.toLowerCase()))
}

/** Start the sink on a free port. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        messages.push(mail)
        callback()
      }, callback)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(address, count) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const found = messagesTo(messages, address)
        if (found.length >= count) return found
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(`Expected ${count} messages to ${address} within 10 s, got ${messagesTo(messages, address).length}`)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
