// Starts GOV.UK Frontend's components. A file, not an inline script, so the Content-Security-Policy
// needs no 'unsafe-inline'. The library's address is on this script's data-govuk-frontend attribute,
// which the static export rewrites like any other; it is resolved against the page, not this file.
// A module script, so a browser with JavaScript off fetches neither file.
const script = document.querySelector('script[data-govuk-frontend]')
if (script) {
  import(new URL(script.dataset.govukFrontend, document.baseURI).href).then(({ initAll }) => initAll())
}
