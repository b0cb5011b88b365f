// What a person does to a printer from its card: pause, resume, cancel, emergency stop, maintenance, and the
// bed-clear gate. Cancel, emergency stop and maintenance ask first, in a dialog; the API checks every request again.

import { send } from './http.js';
import { t } from './i18n.js';

/** Which actions a card offers in each state. */
const ACTIONS_BY_STATE = {
  printing: ['pause', 'cancel', 'emergency-stop'],
  paused: ['resume', 'cancel', 'emergency-stop'],
  ready: ['maintenance'],
  offline: ['maintenance'],
  'needs-bed-clear': ['maintenance'],
  error: ['maintenance', 'emergency-stop'],
  maintenance: ['maintenance-done'],
};

/** Actions that cannot be undone, or take a printer away: asked before they are sent. */
const ASKS_FIRST = new Set(['cancel', 'emergency-stop', 'maintenance']);

export const actionsFor = (state) => ACTIONS_BY_STATE[state] ?? [];

/**
 * Asks a yes-or-no question in the page's dialog. Resolves true only on "yes"; Escape, "Keep it" and closing say no.
 * @param {string} text
 */
export function confirmAction(text) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm'));
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
  });
}

/**
 * Sends one action to a printer. Resolves to { ok, printer?, message }: the printer as the API answered it when it
 * changed at once, or a message to show beside the buttons.
 */
export async function sendAction(apiKey, printerId, action, body) {
  const path = action === 'maintenance-done' ? 'maintenance' : action;
  const payload = action === 'maintenance-done' ? { done: true } : body;
  const result = await send(apiKey, 'POST', `/api/printers/${encodeURIComponent(printerId)}/actions/${path}`, payload);
  if (result.status === 403) return { ok: false, message: t(action === 'clear-bed' ? 'clear.forbidden' : 'action.forbidden') };
  if (!result.ok) return { ok: false, message: result.status === 0 ? result.message : t('action.not-sent', { reason: result.message }) };
  // 200 carries the printer; 202 means the firmware or the agent will report the change.
  return { ok: true, printer: result.status === 200 && result.body?.id ? result.body : null, message: result.status === 202 ? t('action.sent') : '' };
}

/** The question asked before an action, or null when it is sent at once. */
export const questionFor = (action, name) => (ASKS_FIRST.has(action) ? t(`confirm.${action}`, { name }) : null);
