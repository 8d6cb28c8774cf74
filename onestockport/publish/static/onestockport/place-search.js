// Place search in the static export, where there is no server: answers the form from the indexes the export
// writes (places/search.json, places/postcodes/<district>.json). Loaded only by exported pages, as a module
// file (no inline script). Without JavaScript the form leads to the export's page of postcode sectors.
const root = new URL('../../', import.meta.url) // the export's root: this file is static/onestockport/
const fileStyle = location.pathname.endsWith('.html')
const page = (slug) => new URL(`places/${slug}/${fileStyle ? 'index.html' : ''}`, root).href
const get = (path) => fetch(new URL(path, root)).then((r) => (r.ok ? r.json() : null))
const key = (text) => text.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/&/g, ' and ').replace(/['\u2019]/g, '')
  .replace(/[^a-z0-9]+/g, ' ').trim()

async function answer (text) {
  const names = await get('places/search.json')
  const compact = text.toUpperCase().replace(/\s+/g, '')
  const full = compact.match(/^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$/)
  const part = compact.match(/^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9]?)$/)
  if (full || part) {
    let [, district, digit, unit] = full || part
    if (!full && !digit && !names.districts[district] && names.districts[district.slice(0, -1)]) {
      [district, digit] = [district.slice(0, -1), district.slice(-1)] // "SK13": the sector SK1 3
    }
    const wards = names.districts[district]
    if (!wards && !digit) return { text: `${district} is not in ${names.place}.` }
    const index = wards ? await get(`places/postcodes/${district}.json`) : null
    if (!index) return { text: `${full ? district + ' ' + digit + unit : compact} is not in ${names.place}.` }
    const at = full ? index.postcodes[digit + unit] : undefined
    if (at !== undefined) return { go: index.places[at][0] }
    const places = (digit && index.sectors[digit]) || wards.map((i) => names.places[i])
    return { list: digit && index.sectors[digit] ? places.map((i) => index.places[i]) : places }
  }
  const wanted = key(text)
  let found = names.names[wanted]
  const within = (test) => [...new Set(Object.entries(names.names).filter(([k]) => test(k)).flatMap(([, v]) => v))]
  if (!found) found = within((k) => ` ${k} `.includes(` ${wanted} `))
  // A word cut short or missing its last letters ("bramhal"): names with a word that starts with it.
  if (!found.length && wanted.length >= 4) found = within((k) => k.split(' ').some((w) => w.startsWith(wanted)))
  if (!found.length) return null // the page of sectors and every place is the next best help
  return found.length === 1 ? { go: names.places[found[0]][0] } : { list: found.map((i) => names.places[i]) }
}

function show (form, result) {
  const box = form.querySelector('[data-place-search-answer]')
  box.replaceChildren()
  const p = document.createElement('p')
  p.className = 'govuk-body govuk-!-margin-top-2'
  p.textContent = result.text || 'Places that match:'
  box.append(p)
  for (const [slug, name] of result.list || []) {
    const ul = box.querySelector('ul') || box.appendChild(Object.assign(document.createElement('ul'), { className: 'govuk-list govuk-list--bullet' }))
    const li = document.createElement('li')
    li.append(Object.assign(document.createElement('a'), { className: 'govuk-link', href: page(slug), textContent: name }))
    ul.append(li)
  }
}

for (const form of document.querySelectorAll('form[data-place-search]')) {
  form.addEventListener('submit', (event) => {
    const text = form.elements.q.value.trim()
    if (!text) return
    event.preventDefault()
    answer(text).then((result) => {
      if (!result) form.submit() // to the export's page of postcode sectors
      else if (result.go) location.href = page(result.go)
      else show(form, result)
    }, () => form.submit())
  })
}

// Arrived at the export's search page with a search the script could not answer: say so above the sectors.
const asked = new URLSearchParams(location.search).get('q')
const here = document.getElementById('place-search-q')
if (asked && here && !here.value) {
  here.value = asked
  show(here.form, { text: `No place found for “${asked}”. Find your postcode sector below, or check the spelling.` })
}
