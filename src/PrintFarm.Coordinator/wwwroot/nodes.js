// A collection node's intake: what is expected from the makers (printed, not yet collected) and what has come in.
// Staff record each step with a count that is checked against what that step can take: parts collected from what
// was printed, checked (passed, or rejected with a reason) from what was collected, delivered from what passed.

import { fmtInt, t } from './i18n.js';
import { confirmAction } from './actions.js';
import { getJson, send } from './http.js';

/** Each step, the stage it takes parts from, and the button's look. */
const STEPS = [
  { step: 'collected', from: 'printed' },
  { step: 'passed', from: 'collected' },
  { step: 'rejected', from: 'collected', danger: true },
  { step: 'delivered', from: 'passed' },
];
const COLUMNS = ['printed', 'collected', 'passed', 'rejected', 'delivered'];

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

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

  function renderLines() {
    const node = picker.value;
    const lines = nodes.find((n) => n.node === node)?.lines ?? [];
    tbody.replaceChildren(...lines.map((line) => {
      const count = h('input', { type: 'number', min: '1', step: '1', class: 'small-number', 'aria-label': t('intake.count') });
      const reason = h('input', { type: 'text', maxlength: '500', class: 'reason', placeholder: t('intake.reason'), 'aria-label': t('intake.reason') });
      const status = h('span', { class: 'row-status', role: 'status' });
      const buttons = STEPS.map(({ step, danger }) => {
        const button = h('button', { type: 'button', class: danger ? 'action danger' : 'action', 'data-step': step }, t(`step.${step}`));
        button.addEventListener('click', () => { void record(node, line, step, Number(count.value), reason.value.trim(), status); });
        return button;
      });
      return h('tr', { 'data-design': String(line.designId), 'data-requester': String(line.requester) },
        h('th', { scope: 'row', title: String(line.designId) }, page.designName(line.designId)),
        h('td', {}, line.requester === 'stock' ? t('demand.stock') : String(line.requester)),
        ...COLUMNS.map((c) => h('td', { class: 'num', 'data-field': c }, fmtInt(Number(line[c] ?? 0)))),
        h('td', {}, h('div', { class: 'row-actions' }, count, ...buttons, reason), status));
    }));
    empty.hidden = lines.length > 0;
  }

  async function refresh() {
    try {
      const body = await getJson(page.key(), '/api/nodes');
      nodes = Array.isArray(body?.items) ? body.items : [];
      const current = picker.value;
      picker.replaceChildren(...nodes.map((n) => h('option', { value: n.node }, n.node)));
      if (nodes.some((n) => n.node === current)) picker.value = current;
      renderLines();
    } catch (error) {
      empty.hidden = false;
      empty.textContent = error.message;
    }
  }

  picker.addEventListener('change', renderLines);

  return {
    show(visible) { panel.hidden = !visible; if (visible) void refresh(); },
    refresh: () => (panel.hidden ? Promise.resolve() : refresh()),
    rerender() { if (!panel.hidden) renderLines(); },
    nodes: () => nodes.map((n) => n.node),
  };
}
