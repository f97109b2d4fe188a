/** Where the preview serves its script and its event stream; no built page can use these paths. */
export const devPaths = {script: '/__pressroom/client.js', events: '/__pressroom/events'} as const

/**
 * The script the preview adds to every page. It listens for builds over Server-Sent Events; after a good build it
 * fetches the page again and swaps head and body in place (scroll position and page state survive, no reload); after
 * a failed one it shows the problems in an overlay over the last good page. All text goes in through `textContent`.
 */
export const devClientScript = `(() => {
  if (window.__pressroomPreview) return
  window.__pressroomPreview = true
  const script = document.currentScript
  let version = Number(script && script.dataset.version)
  const overlayId = 'pressroom-overlay'

  const element = (tag, text, className) => {
    const node = document.createElement(tag)
    if (text !== undefined) node.textContent = text
    if (className) node.className = className
    return node
  }
  const hideProblems = () => document.getElementById(overlayId)?.remove()
  const showProblems = (problems) => {
    hideProblems()
    const overlay = element('section')
    overlay.id = overlayId
    overlay.setAttribute('role', 'alert')
    overlay.append(element('h2', 'Build failed: the preview still shows the last good build'))
    const list = element('ul')
    for (const problem of problems) {
      const item = element('li')
      const place = problem.file + (problem.line ? ':' + problem.line + (problem.column ? ':' + problem.column : '') : '')
      item.append(element('span', place, 'place'), document.createTextNode('  ' + problem.reason + (problem.ruleId ? '  (' + problem.ruleId + ')' : '')))
      if (problem.note) item.append(element('div', problem.note))
      list.append(item)
    }
    overlay.append(list)
    document.body.append(overlay)
  }
  const refresh = async () => {
    const response = await fetch(location.href, {cache: 'no-store'})
    if (!response.ok) return location.reload()
    const next = new DOMParser().parseFromString(await response.text(), 'text/html')
    document.title = next.title
    document.head.replaceChildren(...Array.from(next.head.childNodes, (node) => document.importNode(node, true)))
    document.body.replaceWith(document.importNode(next.body, true))
  }

  const events = new EventSource(${JSON.stringify(devPaths.events)})
  events.addEventListener('build', (event) => {
    const state = JSON.parse(event.data)
    if (state.problems.length > 0) return showProblems(state.problems)
    hideProblems()
    if (state.version === version) return
    version = state.version
    refresh().catch(() => location.reload())
  })
})()
`
