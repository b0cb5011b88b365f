// API keys, for admins: create a key for a role (its secret shown once, to pass on), and revoke one, asked first;
// and the applications asking for a key (appkeys.js), approved or denied here.

import { fmtDayTime, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { h } from './dom.js';
import { getJson, send } from './http.js';
import { createAppKeyRequests } from './appkeys.js';

const ROLES = ['viewer', 'maker', 'staff', 'admin', 'agent'];

/** @param {{ key: () => string }} page */
export function createKeyDesk(page) {
  const panel = document.getElementById('keys-panel');
  const form = /** @type {HTMLFormElement} */ (document.getElementById('key-form'));
  const status = document.getElementById('key-status');
  const secretBox = document.getElementById('key-secret');
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('keys')).tBodies[0];
  let keys = [];
  // Applications asking for a key: an approval adds a key to the list below.
  const requests = createAppKeyRequests({ key: page.key, decided: () => refresh() });

  function renderForm() {
    const select = /** @type {HTMLSelectElement} */ (form.elements.namedItem('role'));
    const current = select.value || 'maker';
    select.replaceChildren(...ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
    select.value = current;
  }

  function renderRows() {
    tbody.replaceChildren(...keys.map((k) => {
      const rowStatus = h('span', { class: 'row-status', role: 'status' });
      const cell = h('td', {});
      if (k.revokedAt) {
        cell.append(t('keys.revoked-at', { time: fmtDayTime(new Date(k.revokedAt)) }));
      } else {
        const revoke = h('button', { type: 'button', class: 'action danger' }, t('keys.revoke'));
        revoke.addEventListener('click', async () => {
          if (!(await confirmAction(t('confirm.revoke-key', { name: String(k.name), role: t(`role.${ROLES.includes(k.role) ? k.role : 'viewer'}`) })))) return;
          const result = await send(page.key(), 'DELETE', `/api/keys/${encodeURIComponent(k.id)}`);
          rowStatus.textContent = result.ok ? '' : result.message;
          if (result.ok) await refresh();
        });
        cell.append(revoke);
      }
      cell.append(rowStatus);
      return h('tr', { 'data-key-id': String(k.id), class: k.revokedAt ? 'revoked' : '' },
        h('th', { scope: 'row', translate: 'no' }, String(k.name)),
        h('td', {}, t(`role.${ROLES.includes(k.role) ? k.role : 'viewer'}`)),
        h('td', { translate: 'no' }, String(k.owner ?? k.printerId ?? '—')),
        h('td', {}, h('code', {}, `${k.prefix}…`)),
        h('td', {}, fmtDayTime(new Date(k.createdAt))),
        cell);
    }));
  }

  async function refresh() {
    try {
      const body = await getJson(page.key(), '/api/keys');
      keys = (Array.isArray(body?.items) ? body.items : []).slice().sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || b.id - a.id);
      renderForm();
      renderRows();
    } catch (error) {
      status.textContent = error.message;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const owner = String(data.get('owner') ?? '').trim();
    const printerId = String(data.get('printerId') ?? '').trim();
    const body = { name: String(data.get('name') ?? '').trim(), role: String(data.get('role')), ...(owner ? { owner } : {}), ...(printerId ? { printerId } : {}) };
    status.textContent = t('clear.sending');
    secretBox.hidden = true;
    const result = await send(page.key(), 'POST', '/api/keys', body);
    status.textContent = result.ok ? t('keys.created', { name: body.name }) : result.message;
    if (result.ok) {
      document.getElementById('key-secret-value').textContent = String(result.body?.secret ?? '');
      secretBox.hidden = false;
      form.reset();
      renderForm();
      await refresh();
    }
  });

  return {
    show(visible) { panel.hidden = !visible; requests.show(visible); if (visible) void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : Promise.all([refresh(), requests.refresh()])),
    rerender() { if (!panel.hidden) { renderForm(); renderRows(); requests.rerender(); } },
  };
}
