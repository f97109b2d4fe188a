// nodemailer's own MIME encoders, imported here only: digests are assembled from them (instead of nodemailer's
// per-message composer) so that each message reads exactly as nodemailer would have written it.
import addressparser from 'nodemailer/lib/addressparser'
import * as base64 from 'nodemailer/lib/base64'
import {encodeWord, isPlainText} from 'nodemailer/lib/mime-funcs'
import MimeNode from 'nodemailer/lib/mime-node'
import * as qp from 'nodemailer/lib/qp'

export {addressparser, base64, encodeWord, isPlainText, MimeNode, qp}
