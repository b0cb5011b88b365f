// Writing to the coordinator from the page: one place that sends a request with the key and turns the answer into
// { ok, status, body, message }, the message being the API's own problem detail when it refused.

import { t } from './i18n.js';

/** No request from the page waits longer than this; then it says so, and the person can try again. */
const REQUEST_TIMEOUT_MS = 15_000;

export async function send(apiKey, method, path, body) {
  try {
    const response = await fetch(path, {
      method,
      headers: { 'X-Api-Key': apiKey, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const answer = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, body: answer, message: '' };
    return { ok: false, status: response.status, body: answer, message: answer?.detail ?? t('error.http', { path: path.split('?')[0], status: response.status }) };
  } catch (error) {
    return { ok: false, status: 0, body: null, message: t('action.not-sent', { reason: error.message }) };
  }
}

/** A GET that throws on anything but 2xx, for reads that a later refresh may repeat. */
export async function getJson(apiKey, path, signal) {
  const bounded = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const response = await fetch(path, {
    headers: { 'X-Api-Key': apiKey, Accept: 'application/json' },
    cache: 'no-store',
    signal: signal ? AbortSignal.any([signal, bounded]) : bounded,
  });
  if (!response.ok) throw new Error(t('error.http', { path: path.split('?')[0], status: response.status }));
  return response.json();
}
