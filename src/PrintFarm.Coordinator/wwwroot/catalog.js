// The design catalogue as staff keep it: approve or withdraw a design, approve a variant's file (named by its
// sha256, as the trust rules define), upload a new sliced variant, and queue stock prints. Withdrawing asks first.

import { fmtInt, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { fillSelect, h } from './dom.js';
import { getJson, send } from './http.js';

/** @param {{ key: () => string, nodes: () => string[], nodeName: (id: string) => string, changed: () => void }} page */
export function createCatalogDesk(page) {
  const panel = document.getElementById('catalog-panel');
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('catalog')).tBodies[0];
  const variantForm = /** @type {HTMLFormElement} */ (document.getElementById('variant-form'));
  const stockForm = /** @type {HTMLFormElement} */ (document.getElementById('stock-form'));
  let designs = []; // each with its variants

  const shortSha = (sha) => String(sha ?? '').slice(0, 12);

  async function act(status, method, path, body, done) {
    status.textContent = t('clear.sending');
    const result = await send(page.key(), method, path, body);
    status.textContent = result.ok ? done : result.message;
    if (result.ok) { await refresh(); page.changed(); }
    return result;
  }

  function variantItem(design, v, status) {
    const text = t('catalog.variant', { name: String(v.id).split('/').pop(), material: String(v.material), nozzle: String(v.nozzleMm), parts: fmtInt(v.partsPerPlate) });
    const item = h('li', { 'data-variant': String(v.id), title: `sha256 ${v.sha256}` }, h('span', {}, text), ' ');
    if (v.approved) {
      item.append(h('span', { class: 'badge ok' }, t('catalog.file-approved')));
    } else {
      const approve = h('button', { type: 'button', class: 'action' }, t('catalog.approve-file'));
      approve.addEventListener('click', async () => {
        const name = String(v.id).split('/').pop();
        if (!(await confirmAction(t('confirm.approve-file', { design: design.name, name, sha: shortSha(v.sha256) })))) return;
        await act(status, 'PATCH', `/api/designs/${encodeURIComponent(design.id)}/variants/${encodeURIComponent(name)}`, { approved: true }, t('catalog.done'));
      });
      item.append(h('span', { class: 'badge warn' }, t('catalog.file-pending')), ' ', approve);
    }
    return item;
  }

  function renderTable() {
    tbody.replaceChildren(...designs.map((d) => {
      const status = h('span', { class: 'row-status', role: 'status' });
      const buttons = [];
      if (d.approval !== 'approved') {
        const approve = h('button', { type: 'button', class: 'action' }, t('catalog.approve'));
        approve.addEventListener('click', async () => {
          if (!(await confirmAction(t('confirm.approve-design', { design: d.name })))) return;
          await act(status, 'PATCH', `/api/designs/${encodeURIComponent(d.id)}`, { approval: 'approved' }, t('catalog.done'));
        });
        buttons.push(approve);
      }
      if (d.approval !== 'withdrawn') {
        const withdraw = h('button', { type: 'button', class: 'action danger' }, t('catalog.withdraw'));
        withdraw.addEventListener('click', async () => {
          if (!(await confirmAction(t('confirm.withdraw-design', { design: d.name })))) return;
          await act(status, 'PATCH', `/api/designs/${encodeURIComponent(d.id)}`, { approval: 'withdrawn' }, t('catalog.done'));
        });
        buttons.push(withdraw);
      }
      const variants = Array.isArray(d.variants) ? d.variants : [];
      return h('tr', { 'data-design-id': String(d.id) },
        h('th', { scope: 'row', title: String(d.id) }, String(d.name)),
        h('td', {}, String(d.licence)),
        h('td', {}, h('span', { class: `badge approval-${d.approval}` }, t(`approval.${['approved', 'pending', 'withdrawn'].includes(d.approval) ? d.approval : 'pending'}`))),
        h('td', {}, variants.length ? h('ul', { class: 'variants' }, ...variants.map((v) => variantItem(d, v, status))) : t('catalog.no-variants')),
        h('td', {}, h('div', { class: 'row-actions' }, ...buttons), status));
    }));
    document.getElementById('catalog-empty').hidden = designs.length > 0;
  }

  function renderForms() {
    const ids = designs.map((d) => String(d.id));
    const name = (id) => designs.find((d) => d.id === id)?.name ?? id;
    fillSelect(variantForm.elements.namedItem('design'), ids, name);
    fillSelect(stockForm.elements.namedItem('designId'), designs.filter((d) => d.approval === 'approved').map((d) => String(d.id)), name);
    fillSelect(stockForm.elements.namedItem('node'), page.nodes(), page.nodeName);
  }

  async function refresh() {
    const status = document.getElementById('catalog-status');
    try {
      const list = await getJson(page.key(), '/api/designs?limit=500');
      const items = Array.isArray(list?.items) ? list.items : [];
      designs = await Promise.all(items.map((d) => getJson(page.key(), `/api/designs/${encodeURIComponent(d.id)}`)));
      renderTable();
      renderForms();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  variantForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('variant-status');
    const data = new FormData(variantForm);
    const design = String(data.get('design'));
    data.delete('design');
    for (const [k, v] of [...data.entries()]) if (v === '') data.delete(k); // empty numbers take the API's defaults
    status.textContent = t('upload.sending');
    const result = await send(page.key(), 'POST', `/api/designs/${encodeURIComponent(design)}/variants`, data);
    status.textContent = result.ok ? t(result.body?.approved ? 'upload.done-approved' : 'upload.done', { name: String(result.body?.id ?? ''), sha: shortSha(result.body?.sha256) }) : result.message;
    if (result.ok) { variantForm.reset(); await refresh(); }
  });

  stockForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('stock-status');
    const data = new FormData(stockForm);
    const body = { designId: String(data.get('designId')), copies: Number(data.get('copies')), node: String(data.get('node')), priority: Number(data.get('priority') || 0) };
    status.textContent = t('clear.sending');
    const result = await send(page.key(), 'POST', '/api/jobs', body);
    const jobs = Array.isArray(result.body?.items) ? result.body.items.length : 0;
    status.textContent = result.ok ? t('stock.done', { jobs: fmtInt(jobs), design: designs.find((d) => d.id === body.designId)?.name ?? body.designId }) : result.message;
    if (result.ok) page.changed();
  });

  return {
    show(visible) { panel.hidden = !visible; if (visible) void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : refresh()),
    rerender() { if (!panel.hidden) { renderTable(); renderForms(); } },
  };
}
