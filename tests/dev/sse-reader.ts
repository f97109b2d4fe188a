/** A reader of a Server-Sent Events stream, for tests: wait (bounded) for the next `build` event that passes a check. */
export interface BuildEvents {
  next(accept: (state: {version: number; problems: Array<{file: string; line?: number; reason: string}>}) => boolean): Promise<{version: number; problems: Array<{file: string; line?: number; reason: string}>}>
  close(): void
}

/** Open `url` as an event stream. */
export async function readBuildEvents(url: string): Promise<BuildEvents> {
  const controller = new AbortController()
  const response = await fetch(url, {signal: controller.signal})
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    async next(accept) {
      const deadline = Date.now() + 20_000
      // Each pass reads one chunk; the deadline bounds the loop.
      while (Date.now() < deadline) {
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = /^event: build\ndata: (.*)$/m.exec(block)?.[1]
          if (data) {
            const state = JSON.parse(data)
            if (accept(state)) return state
          }
          end = buffer.indexOf('\n\n')
        }
        const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), Math.max(0, deadline - Date.now())))
        const chunk = await Promise.race([reader.read(), timeout])
        if (chunk === 'timeout' || chunk.done) break
        buffer += decoder.decode(chunk.value, {stream: true})
      }
      throw new Error('Expected a matching build event within 20 s')
    },
    close: () => controller.abort()
  }
}
