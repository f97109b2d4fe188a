// nodemailer's MailComposer, imported here only: documented as a public module ("Mailcomposer" in nodemailer's docs),
// it composes a message as nodemailer's transports would, and the node its compile() returns writes the header block
// and the envelope. The encoders it uses internally are not public, so the parts are encoded by our own modules.
import MailComposer from 'nodemailer/lib/mail-composer'

export {MailComposer}
