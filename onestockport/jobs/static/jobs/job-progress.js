// Follows a running job on its page: asks for its status every two seconds and shows it, then
// reloads the page once the job has finished (to show the outcome and files). Without JavaScript
// the page offers a refresh link instead.
const box = document.querySelector('[data-job-status-url]')
if (box && box.dataset.jobFinished === 'false') {
  const field = (name) => box.querySelector(`[data-job-field="${name}"]`)
  const bar = box.querySelector('progress')
  const refresh = box.querySelector('.os-job__refresh')
  if (refresh) refresh.hidden = true
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.jobStatusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      const job = await response.json()
      if (job.finished) {
        window.location.reload()
        return
      }
      field('stage').textContent = job.stage || 'Waiting for the worker to pick it up'
      const tag = field('status').querySelector('.govuk-tag')
      tag.textContent = job.status_label
      tag.classList.toggle('govuk-tag--grey', job.status === 'queued')
      tag.classList.toggle('govuk-tag--blue', job.status === 'running')
      if (bar && job.total) {
        bar.max = job.total
        bar.value = job.done
        bar.textContent = `${job.percent}%`
        field('count').textContent = `${job.done} of ${job.total}`
      } else if (job.done) {
        field('count').textContent = `${job.done} done`
      }
    } catch (error) {
      if (refresh) refresh.hidden = false
    }
    window.setTimeout(poll, 2000)
  }
  window.setTimeout(poll, 2000)
}
