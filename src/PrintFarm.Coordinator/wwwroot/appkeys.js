// Applications asking for a key (OctoPrint's Application Keys flow: Cura, OctoPrint apps, Home Assistant), for the
// keys desk: each waiting request with its role, owner, Approve and Deny. The list is read again every few seconds
// while the desk is open; rows already shown are kept as they are, so a choice half made is not lost.

import { fmtTime, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { fillSelect, h } from './dom.js';
import { getJson, send } from './http.js';

const ROLES = ['viewer', 'maker', 'staff', 'admin'];
const REFRESH_MS = 5_000;

/** @param {{ key: () => string, decided: () => Promise<void> }} page */
export function createAppKeyRequests(page) {
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('appkeys')).tBodies[0];
  const wrap = document.getElementById('appkeys-wrap');
  const none = document.getElementById('appkeys-none');
  const status = document.getElementById('appkeys-status');
  /** @type {Map<number, { row: HTMLTableRowElement, request: any, draw: () => void }>} */
  const rows = new Map();
  let timer = 0;

  function makeRow(request) {
    const role = h('select', { name: 'role' });
    const owner = h('input', { name: 'owner', maxlength: '200', autocomplete: 'off' });
    const approve = h('button', { type: 'button', class: 'action' });
    const deny = h('button', { type: 'button', class: 'action danger' });
    const rowStatus = h('span', { class: 'row-status', role: 'status' });
    const draw = () => {
      fillSelect(role, ROLES, (r) => t(`role.${r}`));
      role.setAttribute('aria-label', t('appkeys.role-for', { app: String(request.app) }));
      owner.setAttribute('aria-label', t('appkeys.owner-for', { app: String(request.app) }));
      owner.placeholder = t('appkeys.owner');
      approve.textContent = t('appkeys.approve');
      deny.textContent = t('appkeys.deny');
      expires.textContent = t('appkeys.until', { time: fmtTime(new Date(request.expiresAt)) });
    };
    const expires = h('td', {});
    approve.addEventListener('click', async () => {
      const chosen = role.value || 'viewer';
      const who = owner.value.trim();
      if (!(await confirmAction(t('confirm.approve-appkey', { app: String(request.app), role: t(`role.${chosen}`) })))) return;
      rowStatus.textContent = t('clear.sending');
      const result = await send(page.key(), 'POST', `/api/appkeys/${encodeURIComponent(request.id)}/approve`, { role: chosen, ...(who ? { owner: who } : {}) });
      rowStatus.textContent = result.ok ? '' : result.message;
      if (result.ok) {
        status.textContent = t('appkeys.approved', { app: String(request.app) });
        await refresh();
        await page.decided();
      }
    });
    deny.addEventListener('click', async () => {
      rowStatus.textContent = t('clear.sending');
      const result = await send(page.key(), 'POST', `/api/appkeys/${encodeURIComponent(request.id)}/deny`);
      rowStatus.textContent = result.ok ? '' : result.message;
      if (result.ok) {
        status.textContent = t('appkeys.denied', { app: String(request.app) });
        await refresh();
      }
    });
    const row = h('tr', { 'data-appkey-id': String(request.id) },
      h('th', { scope: 'row', translate: 'no' }, String(request.app)),
      h('td', { translate: 'no' }, String(request.user ?? '—')),
      h('td', { translate: 'no' }, String(request.address ?? '—')),
      expires,
      h('td', { class: 'appkey-decision' }, role, ' ', owner, ' ', approve, ' ', deny, rowStatus));
    draw();
    return { row, request, draw };
  }

  async function refresh() {
    try {
      const body = await getJson(page.key(), '/api/appkeys');
      const waiting = Array.isArray(body?.items) ? body.items : [];
      const ids = new Set(waiting.map((r) => Number(r.id)));
      for (const [id, entry] of rows) if (!ids.has(id)) { entry.row.remove(); rows.delete(id); }
      for (const request of waiting) {
        const id = Number(request.id);
        if (!rows.has(id)) { const entry = makeRow(request); rows.set(id, entry); tbody.append(entry.row); }
      }
      none.hidden = rows.size > 0;
      wrap.hidden = rows.size === 0;
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function stop() { if (timer) { clearInterval(timer); timer = 0; } }

  return {
    show(visible) {
      stop();
      if (!visible) return;
      void refresh();
      timer = setInterval(() => { if (!document.hidden) void refresh(); }, REFRESH_MS);
    },
    refresh,
    rerender() { for (const entry of rows.values()) entry.draw(); },
  };
}
