// A maker's "what to do now": the few things on their own printers that need their hands (a bed to clear, an error,
// a pause, a printer gone offline, a ready printer that gets no job and why), each with a button that takes them to
// the printer's card, and what they have made.

import { fmtInt, t } from './i18n.js';
import { h } from './dom.js';
import { getJson } from './http.js';

/** What each state asks of the maker, most urgent first; the other states need nobody. */
const TODO = { error: 0, 'needs-bed-clear': 1, paused: 2, offline: 3, ready: 4 };

/** How long a ready printer's reason is kept before it is asked again. */
const REASON_MS = 20_000;

/** @param {{ nodeName: (id: string) => string }} page */
export function createTodo(page) {
  const panel = document.getElementById('todo-panel');
  const list = document.getElementById('todo');
  const summary = document.getElementById('todo-summary');
  let lastKey = '';
  /** @type {Map<string, { at: number, detail: string }>} why each ready printer has no job, from GET /api/printers/{id} */
  const idle = new Map();
  const asking = new Set();

  /** A ready printer without a job: asks the API why (a maker has a few printers, so a request each is cheap). */
  function ask(id) {
    const known = idle.get(id);
    if (asking.has(id) || (known && Date.now() - known.at < REASON_MS)) return;
    asking.add(id);
    getJson(page.key(), `/api/printers/${encodeURIComponent(id)}`)
      .then((printer) => {
        // "next-round": work is on its way, nothing to do.
        const reason = (printer.idleReasons ?? []).find((r) => r.code !== 'next-round' && r.code !== 'has-a-job' && r.code !== 'not-ready');
        idle.set(id, { at: Date.now(), detail: reason ? String(reason.detail) : '' });
      })
      .catch(() => idle.set(id, { at: Date.now(), detail: '' }))
      .finally(() => { asking.delete(id); render(lastPrinters, true); });
  }
  let lastPrinters = [];

  /** Draws the list from the maker's printers; cheap to call on every change, it redraws only when something moved. */
  function render(printers, force = false) {
    if (panel.hidden) return;
    const mine = [...printers];
    lastPrinters = mine;
    const waiting = mine.filter((p) => p.state === 'ready' && !p.job);
    for (const p of waiting) ask(String(p.id));
    const todo = mine.filter((p) => String(p.state) in TODO && (p.state !== 'ready' || (!p.job && idle.get(String(p.id))?.detail)))
      .sort((a, b) => TODO[String(a.state)] - TODO[String(b.state)] || String(a.name).localeCompare(String(b.name)));
    const parts = mine.reduce((sum, p) => sum + (Number(p.trackRecord?.parts) || 0), 0);
    const printing = mine.filter((p) => p.state === 'printing').length;
    const nodes = [...new Set(mine.map((p) => String(p.node ?? '')).filter(Boolean))].map(page.nodeName);
    const key = JSON.stringify([todo.map((p) => [p.id, p.state, p.name, p.message, idle.get(String(p.id))?.detail]), parts, printing, nodes]);
    if (key === lastKey && !force) return;
    lastKey = key;
    list.replaceChildren(...todo.map((p) => {
      const go = h('button', { type: 'button', class: 'action' }, t('todo.show'));
      go.addEventListener('click', () => {
        const card = document.querySelector(`li.card[data-printer-id="${CSS.escape(String(p.id))}"]`);
        card?.scrollIntoView({ block: 'center' });
        /** @type {HTMLElement|null} */ (card?.querySelector('input.clear-count, button'))?.focus();
      });
      const text = t(`todo.${String(p.state)}`, { name: String(p.name ?? p.id), message: String(p.message ?? ''), reason: idle.get(String(p.id))?.detail ?? '' });
      return h('li', { 'data-printer-id': String(p.id), 'data-state': String(p.state) }, h('span', {}, text), ' ', go);
    }));
    if (todo.length === 0) list.append(h('li', { class: 'todo-none' }, t('todo.none')));
    summary.textContent = t('todo.summary', { printing: fmtInt(printing), printers: fmtInt(mine.length), parts: fmtInt(parts), nodes: nodes.join(', ') || '—' });
  }

  return {
    show(visible) { panel.hidden = !visible; lastKey = ''; },
    render,
  };
}
