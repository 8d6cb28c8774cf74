// GOV.UK Frontend's "JavaScript is on" marker, as a file so the Content-Security-Policy allows no inline
// script at all. Loaded without defer at the top of <body>, so the class is set before anything is drawn.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
