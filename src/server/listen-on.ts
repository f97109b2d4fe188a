import type {Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {PressroomError} from '../report/pressroom-error.js'

/** Listen on `host:port` (0 picks a free port) and return the origin; a taken port is a one-line `PORT_IN_USE`. */
export async function listenOn(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new PressroomError('PORT_IN_USE', `Port ${port} on ${host} is already in use`, {hint: 'Stop the other server or pass --port with a free port'}))
      } else reject(error)
    }
    server.once('error', fail)
    server.listen(port, host, () => {
      server.off('error', fail)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${shownHost}:${address.port}`
}

/** Stop accepting, let open requests finish for up to `graceMs`, then cut what is left (SSE streams, slow clients). */
export async function closeServer(server: Server, graceMs = 5000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  const timer = setTimeout(() => server.closeAllConnections(), graceMs)
  timer.unref()
  await closed
  clearTimeout(timer)
}
