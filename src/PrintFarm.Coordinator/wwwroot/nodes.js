// A collection node's intake: what is expected from the makers (printed, not yet collected) and what has come in.
// Staff record each step with a count that is checked against what that step can take: parts collected from what
// was printed, checked (passed, or rejected with a reason) from what was collected, delivered from what passed.

import { fmtInt, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { h } from './dom.js';
import { getJson, send } from './http.js';

/** Each step, the stage it takes parts from, and the button's look. */
const STEPS = [
  { step: 'collected', from: 'printed' },
  { step: 'passed', from: 'collected' },
  { step: 'rejected', from: 'collected', danger: true },
  { step: 'delivered', from: 'passed' },
];
const COLUMNS = ['printed', 'collected', 'passed', 'rejected', 'delivered'];

/** @param {{ key: () => string, designName: (id: string) => string, changed: () => void }} page */
export function createIntakeDesk(page) {
  const panel = document.getElementById('intake-panel');
  const picker = /** @type {HTMLSelectElement} */ (document.getElementById('intake-node'));
  const tbody = /** @type {HTMLTableElement} */ (document.getElementById('intake')).tBodies[0];
  const empty = document.getElementById('intake-empty');
  let nodes = [];

  async function record(node, line, step, count, reason, status) {
    const from = STEPS.find((s) => s.step === step).from;
    if (!Number.isInteger(count) || count < 1) { status.textContent = t('intake.count-needed'); return; }
    if (count > Number(line[from] ?? 0)) {
      status.textContent = t('intake.too-many', { count: fmtInt(count), available: fmtInt(Number(line[from] ?? 0)), stage: t(`stage.${from}`) });
      return;
    }
    if (step === 'rejected' && !reason) { status.textContent = t('intake.reason-needed'); return; }
    if (step === 'rejected' && !(await confirmAction(t('confirm.reject', { count: fmtInt(count), design: page.designName(line.designId) })))) return;
    const result = await send(page.key(), 'POST', `/api/nodes/${encodeURIComponent(node)}/${step}`,
      { designId: line.designId, requester: line.requester, count, ...(reason ? { reason } : {}) });
    status.textContent = result.ok ? t('intake.recorded', { count: fmtInt(count), step: t(`step.${step}`) }) : result.message;
    if (result.ok) { await refresh(); page.changed(); }
  }

  // Rows are kept and their numbers updated in place, so a live refresh never wipes a count or reason being typed.
  const rows = new Map(); // `${node}|${design}|${requester}` -> { root, cells, line }

  function createRow(node, line) {
    const count = h('input', { type: 'number', min: '1', step: '1', class: 'small-number' });
    const reason = h('input', { type: 'text', maxlength: '500', class: 'reason' });
    const status = h('span', { class: 'row-status', role: 'status' });
    const entry = { root: null, cells: {}, line, count, reason, buttons: [], name: h('th', { scope: 'row', title: String(line.designId) }), who: h('td', {}) };
    entry.buttons = STEPS.map(({ step, danger }) => {
      const button = h('button', { type: 'button', class: danger ? 'action danger' : 'action', 'data-step': step });
      button.addEventListener('click', () => { void record(node, entry.line, step, Number(count.value), reason.value.trim(), status); });
      return button;
    });
    for (const c of COLUMNS) entry.cells[c] = h('td', { class: 'num', 'data-field': c });
    entry.root = h('tr', { 'data-design': String(line.designId), 'data-requester': String(line.requester) },
      entry.name, entry.who, ...COLUMNS.map((c) => entry.cells[c]),
      h('td', {}, h('div', { class: 'row-actions' }, count, ...entry.buttons, reason), status));
    return entry;
  }

  function renderLines() {
    const node = picker.value;
    const lines = nodes.find((n) => n.node === node)?.lines ?? [];
    const keep = new Set();
    let cursor = tbody.firstElementChild;
    for (const line of lines) {
      const key = `${node}|${line.designId}|${line.requester}`;
      keep.add(key);
      let entry = rows.get(key);
      if (!entry) { entry = createRow(node, line); rows.set(key, entry); }
      entry.line = line;
      entry.name.textContent = page.designName(line.designId);
      entry.who.textContent = line.requester === 'stock' ? t('demand.stock') : String(line.requester);
      for (const c of COLUMNS) entry.cells[c].textContent = fmtInt(Number(line[c] ?? 0));
      entry.count.setAttribute('aria-label', t('intake.count'));
      entry.reason.setAttribute('aria-label', t('intake.reason'));
      entry.reason.setAttribute('placeholder', t('intake.reason'));
      STEPS.forEach(({ step }, i) => { entry.buttons[i].textContent = t(`step.${step}`); });
      if (entry.root === cursor) cursor = cursor.nextElementSibling; else tbody.insertBefore(entry.root, cursor);
    }
    for (const [key, entry] of rows) if (!keep.has(key)) { entry.root.remove(); rows.delete(key); }
    empty.hidden = lines.length > 0;
  }

  async function refresh() {
    try {
      const body = await getJson(page.key(), '/api/nodes');
      nodes = Array.isArray(body?.items) ? body.items : [];
      const current = picker.value;
      picker.replaceChildren(...nodes.map((n) => h('option', { value: n.node, title: n.node }, String(n.name ?? n.node))));
      if (nodes.some((n) => n.node === current)) picker.value = current;
      renderLines();
      page.nodesChanged?.();
    } catch (error) {
      empty.hidden = false;
      empty.textContent = error.message;
    }
  }

  picker.addEventListener('change', renderLines);

  // A new collection point: created before any maker delivers there, so requesters' demands can name it.
  const nodeForm = /** @type {HTMLFormElement} */ (document.getElementById('node-form'));
  nodeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('node-status');
    const data = new FormData(nodeForm);
    const body = { id: String(data.get('id') ?? '').trim(), name: String(data.get('name') ?? '').trim() || undefined };
    status.textContent = t('clear.sending');
    const result = await send(page.key(), 'POST', '/api/nodes', body);
    status.textContent = result.ok ? t('nodes.added', { name: String(result.body?.name ?? body.id) }) : result.message;
    if (result.ok) { nodeForm.reset(); await refresh(); picker.value = body.id; renderLines(); page.changed(); }
  });

  return {
    // The node names are read for every key (cards and a maker's "what to do now" name the node); the desk shows for staff.
    show(visible) { panel.hidden = !visible; void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : refresh()),
    rerender() { if (!panel.hidden) renderLines(); },
    nodes: () => nodes.map((n) => n.node),
    nodeName: (id) => String(nodes.find((n) => n.node === id)?.name ?? id),
  };
}
