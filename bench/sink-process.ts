import {startLeanSmtpSink} from './lean-smtp-sink.js'
import {startSmtpSink, type SmtpSink} from './smtp-sink.js'
import type {SinkKind, SinkReply, SinkRequest} from './start-sink-process.js'

// The sink in a process of its own, started by startSinkProcess: the clients under test then never share its thread,
// and a slow sink shows as one busy core instead of slowing the client's event loop.
const kind = process.argv[2] as SinkKind
const sink: SmtpSink = kind === 'smtp-server' ? await startSmtpSink() : await startLeanSmtpSink()
const send = (reply: SinkReply) => process.send?.(reply)

process.on('message', (request: SinkRequest) => {
  if (request.type === 'reset') {
    sink.reset()
    return send({type: 'reset', id: request.id})
  }
  if (request.type === 'report') return send({type: 'report', id: request.id, arrivals: sink.arrivals, ...(sink.first ? {first: sink.first} : {})})
  void sink.close().then(() => process.exit(0))
})
// The bench died or closed the channel: a sink must never outlive it.
process.on('disconnect', () => void sink.close().then(() => process.exit(0)))
send({type: 'ready', port: sink.port})
