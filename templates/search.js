// The search page: searches the Pagefind bundles of every release language at once (each language's own, so each is
// searched with its own stemmer), and lists the best matches: the newest quarter's first, then those of every quarter.
// Served from the site itself, with no other host.
const root = document.querySelector('[data-search]')
const form = document.getElementById('search-page-form')
const input = form.querySelector('input[name="q"]')
const status = root.querySelector('.search-status')
const list = root.querySelector('.search-results')
const fallback = root.querySelector('p.search-fallback[hidden]')
root.querySelector('.search-no-script').hidden = true
// A language's bundles (one per quarter it published in, newest first), by language.
const bundles = new Map()
for (const entry of root.dataset.bundles.split(' ').filter(Boolean)) {
  const at = entry.indexOf(':')
  const language = entry.slice(0, at)
  bundles.set(language, [...(bundles.get(language) ?? []), entry.slice(at + 1)])
}
const shown = 20
// The index holds root-relative URLs with the site's path prefix: Pagefind is not to add one of its own.
const options = {baseUrl: '/', excerptLength: 24}
let loaded
let merged
let allMerged = false
let latest = 0

/**
 * One Pagefind module per language, from its newest bundle: its URL differs, so each is an instance of its own with
 * its own language's WebAssembly. The first search runs on these alone, so its results show after a few requests
 * however many quarters the newsroom holds.
 */
function load() {
  loaded ??= Promise.all([...bundles].map(async ([language, [path]]) => {
    const pagefind = await import(`${path}pagefind.js`)
    await pagefind.options({basePath: path, ...options})
    return {language, pagefind}
  }))
  return loaded
}

/**
 * Each language's older bundles merged into its module, which share its WebAssembly rather than each loading its own:
 * Pagefind then searches them all at once and ranks their results together. Each merged bundle costs requests of its
 * own, so this runs once the newest bundles have answered.
 */
function mergeOlder(instances) {
  merged ??= Promise.all(instances.map(({language, pagefind}) => Promise.all((bundles.get(language) ?? []).slice(1).map((other) => pagefind.mergeIndex(other, options))))).then(() => void (allMerged = true))
  return merged
}

/**
 * The query as a bundle's language splits words: Chinese, Japanese and Thai have no spaces between words, and the
 * index holds them segmented. Pagefind segments only for the page's own language, and this page has the site's.
 */
function wordsOf(query, language) {
  if (!['zh', 'ja', 'th'].includes(language) || typeof Intl.Segmenter !== 'function') return query
  return [...new Intl.Segmenter(language, {granularity: 'word'}).segment(query)].map((part) => part.segment).join(' ')
}

/** Pagefind's excerpt (escaped text with `<mark>` around the matches) as nodes: text and marks only. */
function excerptNodes(html) {
  const template = document.createElement('template')
  template.innerHTML = html
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent)
    const mark = document.createElement('mark')
    mark.textContent = node.textContent
    return mark
  })
}

function resultItem(result, language) {
  const item = document.createElement('li')
  item.className = 'search-result'
  item.lang = language
  const heading = document.createElement('h2')
  const link = document.createElement('a')
  link.href = result.url
  link.textContent = result.meta.title ?? result.url
  heading.append(link)
  item.append(heading)
  if (result.meta.date) {
    const date = document.createElement('p')
    date.className = 'search-date'
    date.textContent = result.meta.date
    item.append(date)
  }
  const excerpt = document.createElement('p')
  excerpt.className = 'search-excerpt'
  excerpt.append(...excerptNodes(result.excerpt))
  item.append(excerpt)
  return item
}

async function run(query, whole = false) {
  const search = ++latest
  const term = query.trim()
  const url = new URL(location.href)
  if (term === '') url.searchParams.delete('q')
  else url.searchParams.set('q', term)
  history.replaceState(null, '', url)
  if (term === '') {
    status.textContent = ''
    list.replaceChildren()
    fallback.hidden = true
    return
  }
  try {
    const instances = await load()
    // A query the page opened with is shown once, ranked over every quarter: shown twice, the list would move under
    // the reader as the page loads.
    if (whole) await mergeOlder(instances)
    if (search !== latest) return
    const complete = allMerged
    // Until every quarter is merged, the list says it is being completed (to assistive technology and to tests alike).
    list.setAttribute('aria-busy', String(!complete))
    let data = await bestOf(instances, term)
    if (search !== latest) return
    // The newest quarters' best matches show at once; the list is ranked again over every quarter once all are merged.
    if (data.length > 0 || complete) show(term, data)
    if (!complete) {
      await mergeOlder(instances)
      if (search !== latest) return
      data = await bestOf(instances, term)
      if (search !== latest) return
      show(term, data)
      list.setAttribute('aria-busy', 'false')
    }
  } catch (error) {
    if (search !== latest) return
    console.error(error)
    status.textContent = root.dataset.failed
    list.replaceChildren()
    list.setAttribute('aria-busy', 'false')
  }
  fallback.hidden = false
}

/** The best matches of `term` in every language's index, best first, with their data. */
async function bestOf(instances, term) {
  const found = await Promise.all(instances.map(async ({language, pagefind}) => {
    const response = await pagefind.search(wordsOf(term, language))
    return (response?.results ?? []).map((result) => ({result, language}))
  }))
  const best = found.flat().sort((a, b) => b.result.score - a.result.score).slice(0, shown)
  return Promise.all(best.map(async ({result, language}) => ({data: await result.data(), language})))
}

function show(term, data) {
  status.textContent = (data.length > 0 ? root.dataset.results : root.dataset.none).replace('{query}', term)
  list.replaceChildren(...data.map(({data: result, language}) => resultItem(result, language)))
}

let typing
input.addEventListener('input', () => {
  clearTimeout(typing)
  typing = setTimeout(() => run(input.value), 250)
})
form.addEventListener('submit', (event) => {
  event.preventDefault()
  clearTimeout(typing)
  run(input.value)
})
const asked = new URLSearchParams(location.search).get('q')
if (asked) {
  input.value = asked
  run(asked, true)
}
