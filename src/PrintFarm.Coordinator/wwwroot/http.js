// Writing to the coordinator from the page: one place that sends a request with the key and turns the answer into
// { ok, status, body, message }. When the API refused, the message is the refusal's kind in the page's language
// (from its stable problem type) followed by the API's own English detail.

import { t } from './i18n.js';

/** No request from the page waits longer than this; then it says so, and the person can try again. */
const REQUEST_TIMEOUT_MS = 15_000;
/** An upload of a large G-code file over a slow lab connection gets longer, but still an end. */
const UPLOAD_TIMEOUT_MS = 300_000;
const PROBLEM_PREFIX = 'urn:printfarm:problem:';
const PROBLEM_KINDS = new Set(['invalid', 'unauthenticated', 'forbidden', 'not-found', 'method-not-allowed', 'conflict', 'gone',
  'too-large', 'unsupported-media-type', 'too-many-requests', 'internal', 'unavailable']);

/** "Refused (conflict): design x exists already": the kind translated, the detail as the API wrote it. */
export function problemText(answer, path, status) {
  const type = typeof answer?.type === 'string' && answer.type.startsWith(PROBLEM_PREFIX) ? answer.type.slice(PROBLEM_PREFIX.length) : '';
  const kind = t(`problem.${PROBLEM_KINDS.has(type) ? type : 'other'}`);
  const detail = typeof answer?.detail === 'string' && answer.detail ? answer.detail : t('error.http', { path: path.split('?')[0], status });
  return `${kind}: ${detail}`;
}

/**
 * Sends a request. A plain object body goes as JSON; a FormData body as multipart (an upload).
 * @param {string} apiKey @param {string} method @param {string} path @param {object|FormData} [body]
 */
export async function send(apiKey, method, path, body) {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  try {
    const response = await fetch(path, {
      method,
      headers: { 'X-Api-Key': apiKey, Accept: 'application/json', ...(body === undefined || isForm ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(isForm ? UPLOAD_TIMEOUT_MS : REQUEST_TIMEOUT_MS),
    });
    const answer = await response.json().catch(() => null);
    if (response.ok) return { ok: true, status: response.status, body: answer, message: '' };
    return { ok: false, status: response.status, body: answer, message: problemText(answer, path, response.status) };
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

/** Downloads a file the API makes (a CSV export) with the key, and hands it to the browser to save. */
export async function download(apiKey, path, fileName) {
  try {
    const response = await fetch(path, { headers: { 'X-Api-Key': apiKey }, cache: 'no-store', signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
    if (!response.ok) return { ok: false, message: problemText(await response.json().catch(() => null), path, response.status) };
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { ok: true, message: '' };
  } catch (error) {
    return { ok: false, message: t('action.not-sent', { reason: error.message }) };
  }
}
