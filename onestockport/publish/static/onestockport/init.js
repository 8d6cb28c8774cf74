// Starts GOV.UK Frontend's components. A file, not an inline script, so the Content-Security-Policy
// needs no 'unsafe-inline'; the module's address comes from the page's modulepreload link, which the
// static export rewrites like any other.
const link = document.querySelector('link[rel="modulepreload"][data-govuk-frontend]')
if (link) {
  import(link.href).then(({ initAll }) => initAll())
}
