// The demand list, as staff keep it for the requesters: add a demand, change its quantity or priority, cancel it.
// Each row also shows what is still needed and when the rest is expected, from the API's forecast. A demand names a
// requester from the farm's list (a typo is never a new requester); a new one is added with its kind beside it.

import { fmtDayTime, fmtInt, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { fillSelect, h } from './dom.js';
import { getJson, send } from './http.js';

const KINDS = ['hospital', 'care-home', 'social-service', 'other'];

/**
 * @param {{ key: () => string, nodes: () => string[], nodeName: (id: string) => string, designName: (id: string) => string, changed: () => void }} page
 */
export function createDemandDesk(page) {
  const panel = document.getElementById('demands-panel');
  const form = /** @type {HTMLFormElement} */ (document.getElementById('demand-form'));
  const status = document.getElementById('demand-status');
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('demand-list')).tBodies[0];
  const requesterForm = /** @type {HTMLFormElement} */ (document.getElementById('requester-form'));
  const requesterStatus = document.getElementById('requester-status');
  let designs = [];
  let demands = [];
  let requesters = [];

  function renderForm() {
    fillSelect(form.elements.namedItem('requester'), requesters.map((r) => String(r.name)), (name) => name);
    fillSelect(form.elements.namedItem('designId'), designs.map((d) => String(d.id)), (id) => page.designName(id));
    fillSelect(form.elements.namedItem('node'), page.nodes(), page.nodeName);
    fillSelect(requesterForm.elements.namedItem('kind'), KINDS, (k) => t(`kind.${k}`));
    // With no requester to choose, the form says where to start; the hint goes once there is one.
    if (requesters.length === 0) { status.textContent = t('demands.no-requesters'); status.dataset.hint = 'no-requesters'; }
    else if (status.dataset.hint) { status.textContent = ''; delete status.dataset.hint; }
  }

  // Rows are kept and updated in place, so a live refresh never wipes a quantity or priority being changed.
  const rows = new Map(); // demand id -> row parts

  function createRow(d) {
    const entry = { demand: d };
    entry.quantity = h('input', { type: 'number', step: '1', class: 'small-number' });
    entry.priority = h('input', { type: 'number', min: '0', max: '10', step: '1', class: 'small-number' });
    entry.save = h('button', { type: 'button', class: 'action' });
    entry.cancel = h('button', { type: 'button', class: 'action danger' });
    entry.status = h('span', { class: 'row-status', role: 'status' });
    entry.save.addEventListener('click', async () => {
      const result = await send(page.key(), 'PATCH', `/api/demands/${entry.demand.id}`, { quantity: Number(entry.quantity.value), priority: Number(entry.priority.value) });
      entry.status.textContent = result.ok ? t('demands.saved') : result.message;
      if (result.ok) { entry.edited = false; await refresh(); page.changed(); }
    });
    entry.cancel.addEventListener('click', async () => {
      const x = entry.demand;
      if (!(await confirmAction(t('confirm.cancel-demand', { requester: x.requester, quantity: fmtInt(x.quantity), design: page.designName(x.designId) })))) return;
      const result = await send(page.key(), 'DELETE', `/api/demands/${x.id}`);
      entry.status.textContent = result.ok ? '' : result.message;
      if (result.ok) { await refresh(); page.changed(); }
    });
    // What a person typed stays until it is saved.
    entry.quantity.addEventListener('input', () => { entry.edited = true; });
    entry.priority.addEventListener('input', () => { entry.edited = true; });
    entry.cells = { requester: h('th', { scope: 'row' }), design: h('td', {}), node: h('td', {}), neededBy: h('td', {}), still: h('td', { class: 'num', 'data-field': 'stillNeeded' }), eta: h('td', {}) };
    entry.root = h('tr', { 'data-demand-id': String(d.id) },
      entry.cells.requester, entry.cells.design, entry.cells.node,
      h('td', { class: 'num' }, entry.quantity), h('td', { class: 'num' }, entry.priority),
      entry.cells.neededBy, entry.cells.still, entry.cells.eta,
      h('td', {}, h('div', { class: 'row-actions' }, entry.save, entry.cancel), entry.status));
    return entry;
  }

  function renderRows() {
    const keep = new Set();
    let cursor = tbody.firstElementChild;
    for (const d of demands) {
      const id = String(d.id);
      keep.add(id);
      let entry = rows.get(id);
      if (!entry) { entry = createRow(d); rows.set(id, entry); }
      entry.demand = d;
      entry.cells.requester.textContent = String(d.requester);
      entry.cells.design.textContent = page.designName(d.designId);
      entry.cells.design.title = String(d.designId);
      entry.cells.node.textContent = page.nodeName(String(d.node));
      entry.cells.node.title = String(d.node);
      entry.cells.neededBy.textContent = d.neededBy ? fmtDayTime(new Date(d.neededBy)) : '—';
      entry.cells.still.textContent = fmtInt(Number(d.progress?.stillNeeded ?? 0));
      const eta = d.progress?.eta ? new Date(d.progress.eta) : null;
      entry.cells.eta.textContent = (eta ? fmtDayTime(eta) : '—') + (d.progress?.willMissNeededBy ? ` ${t('requesters.late')}` : '');
      entry.cells.eta.className = d.progress?.willMissNeededBy ? 'late' : '';
      if (!entry.edited) {
        entry.quantity.value = String(d.quantity);
        entry.priority.value = String(d.priority);
      }
      entry.quantity.min = String(d.delivered ?? 0);
      entry.quantity.setAttribute('aria-label', t('demands.quantity'));
      entry.priority.setAttribute('aria-label', t('demands.priority'));
      entry.save.textContent = t('demands.save');
      entry.cancel.textContent = t('demands.cancel');
      if (entry.root === cursor) cursor = cursor.nextElementSibling; else tbody.insertBefore(entry.root, cursor);
    }
    for (const [id, entry] of rows) if (!keep.has(id)) { entry.root.remove(); rows.delete(id); }
    document.getElementById('demand-list-empty').hidden = demands.length > 0;
  }

  async function refresh() {
    try {
      const [list, catalogue, known] = await Promise.all([
        getJson(page.key(), '/api/demands?state=open&limit=500'),
        getJson(page.key(), '/api/designs?limit=500'),
        getJson(page.key(), '/api/requesters'),
      ]);
      demands = Array.isArray(list?.items) ? list.items : [];
      requesters = Array.isArray(known?.items) ? known.items : [];
      designs = (Array.isArray(catalogue?.items) ? catalogue.items : []).filter((d) => d.approval === 'approved');
      renderForm();
      renderRows();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const neededBy = String(data.get('neededBy') ?? '');
    // No kind: the demand takes its requester's.
    const body = {
      requester: String(data.get('requester') ?? ''),
      designId: String(data.get('designId')),
      quantity: Number(data.get('quantity')),
      priority: Number(data.get('priority') || 0),
      node: String(data.get('node')),
      ...(neededBy ? { neededBy: new Date(`${neededBy}T23:59:00`).toISOString() } : {}),
    };
    status.textContent = t('clear.sending');
    const result = await send(page.key(), 'POST', '/api/demands', body);
    status.textContent = result.ok ? t('demands.added', { quantity: fmtInt(body.quantity), design: page.designName(body.designId), requester: body.requester }) : result.message;
    if (result.ok) {
      form.elements.namedItem('quantity').value = '';
      await refresh();
      page.changed();
    }
  });

  // A new requester: created with its kind, then chosen in the demand form for its first demand.
  requesterForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(requesterForm);
    const body = { name: String(data.get('name') ?? '').trim(), kind: String(data.get('kind')) };
    requesterStatus.textContent = t('clear.sending');
    const result = await send(page.key(), 'POST', '/api/requesters', body);
    const name = String(result.body?.name ?? body.name);
    requesterStatus.textContent = result.ok ? t('new-requester.added', { name, kind: t(`kind.${body.kind}`) }) : result.message;
    if (result.ok) {
      requesterForm.elements.namedItem('name').value = '';
      await refresh();
      form.elements.namedItem('requester').value = name;
    }
  });

  return {
    show(visible) { panel.hidden = !visible; if (visible) void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : refresh()),
    rerender() { if (!panel.hidden) { renderForm(); renderRows(); } },
  };
}
