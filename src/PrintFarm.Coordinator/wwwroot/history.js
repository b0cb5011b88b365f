// Job history: past and present jobs with filters, and the CSV exports of jobs and of the ledger for the weekly
// report. Times show as "12 min ago", with the exact 24-hour time in the tooltip.

import { fmtDayTime, fmtInt, fmtRelative, t } from './i18n.js';
import { fillSelect, h } from './dom.js';
import { download, getJson } from './http.js';

const STATES = ['completed', 'failed', 'cancelled', 'interrupted', 'queued', 'assigned', 'printing', 'paused'];
const ROWS = 100;

/** @param {{ key: () => string, designName: (id: string) => string, printerName: (id: string) => string, designs: () => string[], printers: () => string[] }} page */
export function createHistory(page) {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('history-form'));
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('history')).tBodies[0];
  const status = document.getElementById('history-status');
  let jobs = [];
  let total = 0;

  function filters() {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const name of ['state', 'designId', 'printerId', 'requester', 'since']) {
      const value = String(data.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    return query;
  }

  function renderForm() {
    fillSelect(form.elements.namedItem('state'), STATES, (s) => t(`state.${s}`), t('history.all'));
    fillSelect(form.elements.namedItem('designId'), page.designs(), page.designName, t('history.all'));
    fillSelect(form.elements.namedItem('printerId'), page.printers(), page.printerName, t('history.all'));
  }

  function renderRows() {
    tbody.replaceChildren(...jobs.map((j) => {
      const updated = new Date(j.updatedAt);
      return h('tr', { 'data-job-id': String(j.id), 'data-state': String(j.state) },
        h('th', { scope: 'row' }, `#${j.id}`),
        h('td', { title: String(j.designId) }, page.designName(String(j.designId))),
        h('td', { title: String(j.printerId ?? '') }, j.printerId ? page.printerName(String(j.printerId)) : '—'),
        h('td', {}, h('span', { class: 'state', 'data-state': String(j.state) }, t(`state.${STATES.includes(j.state) ? j.state : 'unknown'}`))),
        h('td', {}, j.requester === 'stock' ? t('demand.stock') : String(j.requester)),
        h('td', { class: 'num' }, j.goodParts === null || j.goodParts === undefined ? fmtInt(j.parts) : `${fmtInt(j.goodParts)} / ${fmtInt(j.parts)}`),
        h('td', { title: fmtDayTime(updated) }, fmtRelative(updated)));
    }));
    document.getElementById('history-empty').hidden = jobs.length > 0;
    status.textContent = jobs.length ? t('history.shown', { shown: fmtInt(jobs.length), total: fmtInt(total) }) : '';
  }

  async function load() {
    const query = filters();
    query.delete('since'); // the list has no time filter; the export has
    query.set('limit', String(ROWS));
    try {
      const body = await getJson(page.key(), `/api/jobs?${query}`);
      jobs = Array.isArray(body?.items) ? body.items : [];
      total = Number(body?.total ?? jobs.length);
      renderRows();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); void load(); });
  document.getElementById('export-jobs').addEventListener('click', async () => {
    const result = await download(page.key(), `/api/jobs.csv?${filters()}`, 'printfarm-jobs.csv');
    status.textContent = result.ok ? t('history.exported') : result.message;
  });
  document.getElementById('export-ledger').addEventListener('click', async () => {
    const result = await download(page.key(), '/api/ledger.csv', 'printfarm-ledger.csv');
    status.textContent = result.ok ? t('history.exported') : result.message;
  });

  return {
    show() { renderForm(); void load(); },
    rerender() { renderForm(); renderRows(); },
  };
}
