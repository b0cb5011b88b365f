// The demand list, as staff keep it for the requesters: add a demand, change its quantity or priority, cancel it.
// Each row also shows what is still needed and when the rest is expected, from the API's forecast.

import { fmtDayTime, fmtInt, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { getJson, send } from './http.js';

const KINDS = ['hospital', 'care-home', 'social-service', 'other'];

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/**
 * @param {{ key: () => string, nodes: () => string[], designName: (id: string) => string, changed: () => void }} page
 */
export function createDemandDesk(page) {
  const panel = document.getElementById('demands-panel');
  const form = /** @type {HTMLFormElement} */ (document.getElementById('demand-form'));
  const status = document.getElementById('demand-status');
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('demand-list')).tBodies[0];
  let designs = [];
  let demands = [];

  function fillSelect(select, values, label) {
    const current = select.value;
    select.replaceChildren(...values.map((v) => h('option', { value: v }, label(v))));
    if (values.includes(current)) select.value = current;
  }

  function renderForm() {
    fillSelect(form.elements.namedItem('designId'), designs.map((d) => String(d.id)), (id) => page.designName(id));
    fillSelect(form.elements.namedItem('requesterKind'), KINDS, (k) => t(`kind.${k}`));
    fillSelect(form.elements.namedItem('node'), page.nodes(), (n) => n);
    const requesters = [...new Set(demands.map((d) => String(d.requester)))].sort();
    document.getElementById('requester-names').replaceChildren(...requesters.map((r) => h('option', { value: r })));
  }

  function renderRows() {
    tbody.replaceChildren(...demands.map((d) => {
      const quantity = h('input', { type: 'number', min: String(d.delivered ?? 0), step: '1', value: String(d.quantity), class: 'small-number', 'aria-label': t('demands.quantity') });
      const priority = h('input', { type: 'number', min: '0', max: '10', step: '1', value: String(d.priority), class: 'small-number', 'aria-label': t('demands.priority') });
      const save = h('button', { type: 'button', class: 'action' }, t('demands.save'));
      const cancel = h('button', { type: 'button', class: 'action danger' }, t('demands.cancel'));
      const rowStatus = h('span', { class: 'row-status', role: 'status' });
      save.addEventListener('click', async () => {
        const result = await send(page.key(), 'PATCH', `/api/demands/${d.id}`, { quantity: Number(quantity.value), priority: Number(priority.value) });
        rowStatus.textContent = result.ok ? t('demands.saved') : result.message;
        if (result.ok) { await refresh(); page.changed(); }
      });
      cancel.addEventListener('click', async () => {
        if (!(await confirmAction(t('confirm.cancel-demand', { requester: d.requester, quantity: fmtInt(d.quantity), design: page.designName(d.designId) })))) return;
        const result = await send(page.key(), 'DELETE', `/api/demands/${d.id}`);
        rowStatus.textContent = result.ok ? '' : result.message;
        if (result.ok) { await refresh(); page.changed(); }
      });
      const eta = d.progress?.eta ? new Date(d.progress.eta) : null;
      const late = d.progress?.willMissNeededBy;
      return h('tr', { 'data-demand-id': String(d.id) },
        h('th', { scope: 'row' }, String(d.requester)),
        h('td', { title: String(d.designId) }, page.designName(d.designId)),
        h('td', {}, String(d.node)),
        h('td', { class: 'num' }, quantity),
        h('td', { class: 'num' }, priority),
        h('td', {}, d.neededBy ? fmtDayTime(new Date(d.neededBy)) : '—'),
        h('td', { class: 'num', 'data-field': 'stillNeeded' }, fmtInt(Number(d.progress?.stillNeeded ?? 0))),
        h('td', { class: late ? 'late' : '' }, eta ? fmtDayTime(eta) : '—', late ? ` ${t('requesters.late')}` : ''),
        h('td', {}, h('div', { class: 'row-actions' }, save, cancel), rowStatus));
    }));
    document.getElementById('demand-list-empty').hidden = demands.length > 0;
  }

  async function refresh() {
    try {
      const [list, catalogue] = await Promise.all([
        getJson(page.key(), '/api/demands?state=open&limit=500'),
        getJson(page.key(), '/api/designs?limit=500'),
      ]);
      demands = Array.isArray(list?.items) ? list.items : [];
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
    const body = {
      requester: String(data.get('requester') ?? '').trim(),
      requesterKind: String(data.get('requesterKind')),
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

  return {
    show(visible) { panel.hidden = !visible; if (visible) void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : refresh()),
    rerender() { if (!panel.hidden) { renderForm(); renderRows(); } },
  };
}
