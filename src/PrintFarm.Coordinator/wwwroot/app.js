// PrintFarm dashboard: printers, demand and supply, and the job queue, kept live from the
// daemon's event stream. Plain ES modules, no dependencies, no build step. All data reaches the DOM
// through textContent or attributes, never as markup. Every string a person reads is in i18n/*.json.

import {
  LANGUAGES, currentLanguage, fmtDayTime, fmtInt, fmtRelative, fmtTime, initialLanguage, t, translatePage, useLanguage,
} from './i18n.js';
import { actionsFor, confirmAction, questionFor, sendAction } from './actions.js';
import { send } from './http.js';
import { createCatalogDesk } from './catalog.js';
import { createDemandDesk } from './demands.js';
import { h } from './dom.js';
import { createKeyDesk } from './keys.js';
import { createTodo } from './todo.js';
import { createHistory } from './history.js';
import { createIntakeDesk } from './nodes.js';

const KEY_STORAGE = 'printfarm.apiKey';
const ACTIVE_JOB_STATES = ['queued', 'assigned', 'printing', 'paused'];
const PRINTER_STATES = new Set(['offline', 'ready', 'needs-bed-clear', 'printing', 'paused', 'error', 'maintenance']);
const JOB_STATES = new Set(['queued', 'assigned', 'printing', 'paused', 'completed', 'failed', 'cancelled', 'interrupted']);
const STAGES = ['delivered', 'passed', 'collected', 'printed', 'printing', 'planned'];
const LEDGER_FIELDS = ['requested', 'planned', 'printing', 'printed', 'collected', 'passed', 'rejected', 'delivered'];
const QUEUE_ROWS = 25;              // job rows shown until "Show all" is pressed

const PRINTERS_URL = '/api/printers';
const PAGE_LIMIT = 1000;             // the API's largest page
const MAX_PRINTERS = 20_000;         // the page holds at most this many cards; the note says when there are more
const LEDGER_URL = '/api/ledger';
const REQUESTERS_URL = '/api/ledger?by=requester';
const JOBS_URL = `/api/jobs?state=${ACTIVE_JOB_STATES.join(',')}&limit=200`;
const EVENTS_URL = '/api/events';
const SITES_URL = '/api/sites';

const REFRESH_MS = 30_000;          // full re-fetch, a safety net under the event stream
const LEDGER_DEBOUNCE_MS = 500;     // ledger events come in bursts; one re-fetch per burst
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const STABLE_STREAM_MS = 10_000;    // a stream that lived this long resets the back-off
const IDLE_TIMEOUT_MS = 75_000;     // no byte at all (not even a keep-alive) for this long: reconnect

// ---------------------------------------------------------------------------------------------
// Server-sent events parser (https://html.spec.whatwg.org/multipage/server-sent-events.html).
// Fed decoded text in arbitrary chunks; lines may end in CRLF, LF or CR, and a chunk may end
// anywhere, even between the CR and LF of one line ending.

export class SseParser {
  /**
   * @param {(event: {type: string, data: string, id: string}) => void} onEvent
   * @param {(ms: number) => void} [onRetry]
   */
  constructor(onEvent, onRetry = () => {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.partial = '';
    this.skipLeadingLf = false;
    this.dataLines = [];
    this.type = '';
    this.idBuffer = '';
    this.lastEventId = '';
  }

  /** @param {string} text */
  push(text) {
    if (this.skipLeadingLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.skipLeadingLf = false;
    }
    const s = this.partial + text;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(s.slice(start, i));
      if (c === 13) {
        if (i + 1 < s.length) {
          if (s.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    this.partial = s.slice(start);
  }

  /** The stream ended: an event without its closing blank line is dropped, as the spec says. */
  reset() {
    this.partial = '';
    this.skipLeadingLf = false;
    this.dataLines = [];
    this.type = '';
    this.idBuffer = this.lastEventId;
  }

  /** @param {string} line */
  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment, used as keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event': this.type = value; break;
      case 'data': this.dataLines.push(value); break;
      case 'id': if (!value.includes('\0')) this.idBuffer = value; break;
      case 'retry': if (/^\d+$/.test(value)) this.onRetry(Number(value)); break;
      default: break; // unknown fields are ignored
    }
  }

  dispatch() {
    this.lastEventId = this.idBuffer;
    const lines = this.dataLines;
    const type = this.type || 'message';
    this.dataLines = [];
    this.type = '';
    if (lines.length === 0) return;
    this.onEvent({ type, data: lines.join('\n'), id: this.lastEventId });
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

class AuthError extends Error {
  constructor(status) {
    super(status === 403 ? 'auth.forbidden' : 'auth.refused');
    this.status = status;
  }
}

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));


function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

function setAttr(node, name, value) {
  if (value === null || value === undefined) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== String(value)) {
    node.setAttribute(name, String(value));
  }
}

const count = (n) => (Number.isFinite(Number(n)) ? Math.max(0, Number(n)) : 0);

/** A progress fraction clamped to 0..1; null when absent. */
function fraction(value) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) return null;
  return Math.min(1, Math.max(0, n));
}

/** Whole percent, rounded down so that 100% means done. */
const percent = (f) => `${Math.floor(f * 100)}%`;

function fmtTemperature(reading) {
  if (!reading || !Number.isFinite(Number(reading.actual))) return '–';
  const actual = Math.round(Number(reading.actual));
  const target = Number(reading.target);
  return Number.isFinite(target) && target > 0
    ? t('temp.on', { actual: fmtInt(actual), target: fmtInt(Math.round(target)) })
    : t('temp.off', { actual: fmtInt(actual) });
}

let collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// State

const store = {
  printers: new Map(),   // id -> printer item
  printersTotal: 0,
  jobs: new Map(),       // id -> job item
  jobsTotal: 0,
  ledger: new Map(),     // designId -> summed ledger row
  requesters: null,      // the last /api/ledger?by=requester body
  plates: new Map(),     // bed job id -> { designId, parts, counted } once looked up
  sites: new Map(),      // site id -> name, from /api/sites
};

const siteName = (id) => store.sites.get(String(id)) ?? String(id);

/** What the key may do (GET /api/me); until known, the page offers no control. */
let me = { canWrite: false, isStaff: false, isAdmin: false, role: '', owner: '' };

/** The staff desks: the demand list and a collection node's intake, shown to staff keys only. */
const desks = {
  demands: null,
  intake: null,
  catalog: null,
  keys: null,
  todo: null,
  history: null,
};

function deskPage() {
  return {
    key: () => apiKey,
    designName: (id) => designNameOf(id),
    nodes: () => [...new Set([...(desks.intake?.nodes() ?? []), ...[...store.printers.values()].map((p) => String(p.node ?? '')).filter(Boolean)])].sort(),
    nodeName: (id) => desks.intake?.nodeName(id) ?? id,
    // The node lists of the other desks are drawn from the intake's nodes: draw them again once those are known.
    nodesChanged: () => {
      desks.demands?.rerender();
      desks.catalog?.rerender();
      for (const [id, card] of cards) { const p = store.printers.get(id); if (p) renderCard(card, p); }
      desks.todo?.render(store.printers.values(), true);
    },
    changed: () => { if (feed) scheduleLedgerRefresh(feed); },
  };
}

let apiKey = null;
let languageReady = Promise.resolve();
let feed = null;      // { abort: AbortController, refreshing, again, queue, loaded, ... }

// ---------------------------------------------------------------------------------------------
// The API key

function readStoredKey() {
  try { return localStorage.getItem(KEY_STORAGE); } catch { return null; }
}

function storeKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lives for this page only */ }
}

/** Takes `#key=...` from the address, keeps it, and removes it from the address bar and history. */
function takeKeyFromFragment() {
  const hash = location.hash.replace(/^#/, '');
  if (!hash) return null;
  let key = null;
  const rest = [];
  for (const part of hash.split('&')) {
    if (part.startsWith('key=')) {
      try { key = decodeURIComponent(part.slice(4)); } catch { key = part.slice(4); }
    } else if (part) {
      rest.push(part);
    }
  }
  if (key === null) return null;
  const fragment = rest.length ? `#${rest.join('&')}` : '';
  history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment}`);
  return key.trim() || null;
}

function askForKey(messageKey) {
  stopFeed();
  setConnection('signed-out');
  $('dashboard').hidden = true;
  $('change-key').hidden = true;
  $('auth').hidden = false;
  $('auth-message').dataset.message = messageKey;
  setText($('auth-message'), t(messageKey));
  const input = /** @type {HTMLInputElement} */ ($('auth-key'));
  input.value = '';
  input.focus();
}

function onAuthSubmit(event) {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('auth-key'));
  const key = input.value.trim();
  if (!key) return;
  input.value = '';
  apiKey = key;
  storeKey(key);
  $('auth').hidden = true;
  $('dashboard').hidden = false;
  $('change-key').hidden = false;
  startFeed();
}

function onAuthError(error) {
  apiKey = null;
  storeKey(null);
  askForKey(error.message);
}

// ---------------------------------------------------------------------------------------------
// Talking to the daemon

async function api(path, signal) {
  // Bounded: a read that hangs fails after 15 s and the next refresh tries again.
  const bounded = AbortSignal.timeout(15_000);
  const response = await fetch(path, {
    headers: { 'X-Api-Key': apiKey, Accept: 'application/json' },
    cache: 'no-store',
    signal: signal ? AbortSignal.any([signal, bounded]) : bounded,
  });
  if (response.status === 401 || response.status === 403) throw new AuthError(response.status);
  if (!response.ok) throw new Error(t('error.http', { path: path.split('?')[0], status: response.status }));
  return response.json();
}

/** Every item of a list, in pages of the API's largest size fetched side by side after the first; up to MAX_PRINTERS. */
async function apiAll(path, signal) {
  const first = await api(`${path}?limit=${PAGE_LIMIT}`, signal);
  const total = Math.min(totalOf(first), MAX_PRINTERS);
  const offsets = [];
  for (let offset = PAGE_LIMIT; offset < total; offset += PAGE_LIMIT) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => api(`${path}?limit=${PAGE_LIMIT}&offset=${offset}`, signal)));
  return { items: [first, ...rest].flatMap(itemsOf), total: totalOf(first) };
}

const itemsOf = (body) => (Array.isArray(body?.items) ? body.items.filter((i) => i !== null && typeof i === 'object') : []);
const totalOf = (body) => (Number.isFinite(body?.total) ? body.total : itemsOf(body).length);

function startFeed() {
  stopFeed();
  const s = {
    abort: new AbortController(),
    refreshing: null,      // the running full refresh, if any
    again: false,          // another full refresh was asked for while one ran
    queue: [],             // events that arrived during a full refresh
    loaded: false,
    lastEventId: '',
    retryMs: BACKOFF_MIN_MS,
    wake: null,            // cuts a reconnect wait short
    ledgerTimer: 0,
    refreshTimer: 0,
    drawn: null,           // settles a frame after the first snapshot is on the page
    markDrawn: () => {},
  };
  s.drawn = new Promise((resolve) => { s.markDrawn = () => requestAnimationFrame(() => setTimeout(resolve, 0)); });
  feed = s;
  setConnection('connecting');
  s.refreshTimer = setInterval(() => refreshAll(s), REFRESH_MS);
  void loadMe(s);
  // The stream's first connection fetches the snapshot once it is open; if it cannot open,
  // the snapshot is fetched anyway so the page shows something.
  streamLoop(s);
}

function stopFeed() {
  if (!feed) return;
  feed.abort.abort();
  clearInterval(feed.refreshTimer);
  clearTimeout(feed.ledgerTimer);
  feed = null;
}

const alive = (s) => feed === s && !s.abort.signal.aborted;

/**
 * Fetches printers, ledger and jobs. Events that arrive meanwhile are held and applied after
 * the snapshot, in order, so the page ends up at least as new as the last event.
 */
function refreshAll(s) {
  if (!alive(s)) return Promise.resolve();
  if (s.refreshing) {
    s.again = true;
    return s.refreshing;
  }
  s.refreshing = (async () => {
    const signal = s.abort.signal;
    const results = await Promise.allSettled([
      apiAll(PRINTERS_URL, signal), api(LEDGER_URL, signal), api(JOBS_URL, signal), api(REQUESTERS_URL, signal), api(SITES_URL, signal),
    ]);
    await languageReady;
    if (!alive(s)) return;
    const auth = results.find((r) => r.status === 'rejected' && r.reason instanceof AuthError);
    if (auth) {
      onAuthError(auth.reason);
      return;
    }
    const appliers = [applyPrinters, applyLedger, applyJobs, applyRequesters, applySites];
    const failed = [];
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        failed.push(result.reason?.message ?? String(result.reason));
        return;
      }
      try {
        appliers[i](result.value);
      } catch (error) {
        failed.push(t('error.unexpected', { what: error.message }));
      }
    });
    showError(failed.length ? t('error.partial', { what: failed.join('; ') }) : '');
    if (failed.length < results.length) {
      s.loaded = true;
      markUpdated();
    }
    s.markDrawn();
  })().finally(() => {
    s.refreshing = null;
    const held = s.queue;
    s.queue = [];
    if (alive(s)) for (const event of held) applyEvent(s, event);
    if (s.again && alive(s)) {
      s.again = false;
      refreshAll(s);
    }
  });
  return s.refreshing;
}

function scheduleLedgerRefresh(s) {
  if (s.ledgerTimer) return;
  s.ledgerTimer = setTimeout(async () => {
    s.ledgerTimer = 0;
    try {
      const [body, requesters] = await Promise.all([api(LEDGER_URL, s.abort.signal), api(REQUESTERS_URL, s.abort.signal)]);
      if (alive(s)) {
        applyLedger(body);
        applyRequesters(requesters);
        markUpdated();
        void desks.demands?.refresh();
        void desks.intake?.refresh();
      }
    } catch (error) {
      if (error instanceof AuthError && alive(s)) onAuthError(error);
      // anything else: the next full refresh catches up
    }
  }, LEDGER_DEBOUNCE_MS);
}

/**
 * Reads /api/events with fetch (EventSource cannot send X-Api-Key), for as long as the feed
 * lives, reconnecting with exponential back-off and Last-Event-ID.
 */
async function streamLoop(s) {
  let delay = s.retryMs;
  while (alive(s)) {
    const connection = new AbortController();
    const stop = () => connection.abort();
    s.abort.signal.addEventListener('abort', stop, { once: true });
    let idleTimer = 0;
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => connection.abort(), IDLE_TIMEOUT_MS);
    };
    const parser = new SseParser(
      (event) => {
        if (s.refreshing) s.queue.push(event); else applyEvent(s, event);
      },
      (ms) => { s.retryMs = Math.min(Math.max(ms, 250), BACKOFF_MAX_MS); },
    );
    parser.lastEventId = parser.idBuffer = s.lastEventId;
    let openedAt = 0;
    try {
      const headers = { 'X-Api-Key': apiKey, Accept: 'text/event-stream' };
      const resuming = s.lastEventId !== '';
      if (resuming) headers['Last-Event-ID'] = s.lastEventId;
      touch();
      const response = await fetch(EVENTS_URL, { headers, cache: 'no-store', signal: connection.signal });
      if (response.status === 401 || response.status === 403) throw new AuthError(response.status);
      if (!response.ok || !response.body) throw new Error(t('error.http', { path: EVENTS_URL, status: response.status }));
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream')) throw new Error(`${EVENTS_URL} is not an event stream`);
      openedAt = Date.now();
      setConnection('live');
      // A fresh stream says nothing about the past: load the present now that the stream is
      // open, so no change can fall between the snapshot and the first event.
      if (!resuming || !s.loaded) refreshAll(s);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        touch();
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
        s.lastEventId = parser.lastEventId;
      }
    } catch (error) {
      if (error instanceof AuthError) {
        if (alive(s)) onAuthError(error);
        return;
      }
      // network error, HTTP error, idle timeout: fall through to reconnect
    } finally {
      clearTimeout(idleTimer);
      s.abort.signal.removeEventListener('abort', stop);
    }
    if (!alive(s)) return;
    setConnection('reconnecting');
    if (!s.loaded) refreshAll(s);
    if (openedAt && Date.now() - openedAt >= STABLE_STREAM_MS) delay = s.retryMs;
    const wake = new AbortController();
    s.wake = wake;
    const cancel = () => wake.abort();
    s.abort.signal.addEventListener('abort', cancel, { once: true });
    // Full jitter keeps a room full of dashboards from reconnecting in step after a restart.
    await sleep(delay / 2 + Math.random() * (delay / 2), wake.signal);
    s.abort.signal.removeEventListener('abort', cancel);
    s.wake = null;
    delay = Math.min(Math.max(delay * 2, s.retryMs), BACKOFF_MAX_MS);
  }
}

function parseJson(text) {
  try { return JSON.parse(text); } catch { return undefined; }
}

function applyEvent(s, event) {
  switch (event.type) {
    case 'printer': {
      const printer = parseJson(event.data);
      if (printer && printer.id !== undefined && printer.id !== null) upsertPrinter(printer, true);
      break;
    }
    case 'progress': {
      const p = parseJson(event.data);
      if (p && p.printerId !== undefined && p.printerId !== null) applyProgress(p);
      break;
    }
    case 'job': {
      const job = parseJson(event.data);
      if (job && job.id !== undefined && job.id !== null) upsertJob(job);
      break;
    }
    case 'ledger':
    case 'design':
      scheduleLedgerRefresh(s);
      return;
    case 'reset':
      refreshAll(s);
      return;
    default:
      return; // unknown types are ignored
  }
  markUpdated();
}

// ---------------------------------------------------------------------------------------------
// Printers grid

const cards = new Map(); // id -> { root, name, state, site, owner, tool, bed, row, bar, fill, pct }

function applySites(body) {
  const before = [...store.sites].join();
  store.sites = new Map(itemsOf(body).map((site) => [String(site.id), String(site.name ?? site.id)]));
  if ([...store.sites].join() !== before) for (const [id, card] of cards) { const p = store.printers.get(id); if (p) renderCard(card, p); }
}

function applyPrinters(body) {
  const items = itemsOf(body);
  store.printersTotal = totalOf(body);
  useLazyCards(items.length > LAZY_CARDS_FROM);
  // Plates no bed holds any more are forgotten; a look-up that failed is tried again with this refresh.
  const onBeds = new Set(items.map((p) => String(p.bedJobId ?? '')));
  for (const [key, plate] of store.plates) if (plate === null || !onBeds.has(key)) store.plates.delete(key);
  const seen = new Set();
  for (const printer of items) {
    const id = String(printer.id);
    seen.add(id);
    upsertPrinter(printer, false, true);
  }
  for (const id of [...store.printers.keys()]) {
    if (!seen.has(id)) {
      store.printers.delete(id);
      cards.get(id)?.root.remove();
      cards.delete(id);
    }
  }
  orderCards();
  primeCards();
  renderPrintersNote();
  renderTotals();
  renderQueue();
}

/**
 * Builds the cards at the top of a big farm's grid at once, when the grid is scrolled to its top (the first render):
 * the watcher would build them only after the next layout, a frame or more later.
 */
function primeCards() {
  const grid = $('printers');
  if (!lazyCards || grid.scrollTop > 0) return;
  let built = 0;
  for (let card = grid.firstElementChild; card && built < PRIMED_CARDS; card = card.nextElementSibling) {
    if (card.hidden) continue;
    const entry = cards.get(card.dataset.printerId ?? '');
    if (entry && !entry.built) buildCard(entry);
    built++;
  }
}

function upsertPrinter(printer, announce, batch = false) {
  const id = String(printer.id);
  const previous = store.printers.get(id);
  store.printers.set(id, printer);
  let card = cards.get(id);
  const isNew = !card;
  if (!card) {
    card = createCard(id);
    cards.set(id, card);
    if (!lazyCards) buildCard(card);
  }
  renderCard(card, printer);
  if (announce && previous && previous.state !== printer.state) {
    announceText(t('card.now', { name: printer.name ?? id, state: stateText(printer.state) }));
  }
  if (batch) return;
  if (isNew || previous?.name !== printer.name || previous?.site !== printer.site || rank(previous?.state) !== rank(printer.state)) orderCards();
  renderTotals();
  if (previous?.name !== printer.name) renderQueue();
}

function applyProgress(p) {
  const id = String(p.printerId);
  const printer = store.printers.get(id);
  const progress = fraction(p.progress);
  if (printer) {
    const updated = { ...printer, job: { ...(printer.job ?? {}), id: p.jobId ?? printer.job?.id, progress } };
    if (p.temperatures) updated.temperatures = p.temperatures;
    store.printers.set(id, updated);
    progressDue.cards.add(id);
  }
  if (p.jobId !== undefined && p.jobId !== null) {
    const job = store.jobs.get(String(p.jobId));
    if (job) {
      job.progress = progress;
      progressDue.jobs.add(String(p.jobId));
    }
  }
  if (!progressDue.frame) progressDue.frame = requestAnimationFrame(drawProgress);
}

/**
 * Progress events change the store at once and the page once a frame: fifty events a second on a big farm cost one
 * redraw of the cards they touched, not fifty. A hidden tab draws nothing until it is shown again.
 */
const progressDue = { cards: new Set(), jobs: new Set(), frame: 0 };

function drawProgress() {
  progressDue.frame = 0;
  for (const id of progressDue.cards) {
    const card = cards.get(id);
    const printer = store.printers.get(id);
    if (card && printer) renderCard(card, printer);
  }
  for (const id of progressDue.jobs) {
    const row = rows.get(id);
    const job = store.jobs.get(id);
    if (row && job) renderJobProgress(row, job);
  }
  progressDue.cards.clear();
  progressDue.jobs.clear();
}

/** Printers that need a person first (a bed to clear, an error), then paused ones, then the rest. */
const ATTENTION_RANK = { 'needs-bed-clear': 0, error: 0, paused: 1 };
const rank = (state) => ATTENTION_RANK[state] ?? 2;

function printerSortKey(p) {
  return [rank(p.state), String(p.site ?? ''), String(p.name ?? p.id)];
}

function renderPrintersNote() {
  const loaded = store.printers.size;
  let note = t('printers.attention');
  if (findWords.length > 0) note = t('printers.matching', { shown: fmtInt(findShown), total: fmtInt(loaded), text: findText });
  else if (store.printersTotal > loaded) note = t('printers.showing', { shown: fmtInt(loaded), total: fmtInt(store.printersTotal) });
  setText($('printers-note'), note);
}

function orderCards() {
  const list = $('printers');
  const sorted = [...store.printers.values()].sort((a, b) => {
    const [ra, sa, na] = printerSortKey(a);
    const [rb, sb, nb] = printerSortKey(b);
    return ra - rb || collator.compare(sa, sb) || collator.compare(na, nb) || collator.compare(String(a.id), String(b.id));
  });
  let cursor = list.firstElementChild;
  let shown = 0;
  for (const printer of sorted) {
    const root = cards.get(String(printer.id))?.root;
    if (!root) continue;
    const match = matchesFind(printer);
    if (root.hidden === match) root.hidden = !match;
    if (match) shown++;
    if (root === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      list.insertBefore(root, cursor); // moves only what is out of place
    }
  }
  $('printers-empty').hidden = sorted.length > 0;
  const none = $('printers-none');
  none.hidden = sorted.length === 0 || shown > 0;
  setText(none, none.hidden ? '' : t('printers.no-match', { text: findText }));
  findShown = shown;
}

// "Find a printer": the grid shows the printers whose name, id, site, node or maker contains every word typed.
let findText = '';
let findWords = [];
let findShown = 0;

function matchesFind(printer) {
  if (findWords.length === 0) return true;
  const haystack = [printer.name, printer.id, printer.site, printer.site ? siteName(printer.site) : '', printer.node, printer.owner]
    .map((v) => String(v ?? '').toLocaleLowerCase()).join(' ');
  return findWords.every((word) => haystack.includes(word));
}

function onFind(value) {
  findText = value.trim();
  findWords = findText.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  orderCards();
  renderPrintersNote();
  $('printers').scrollTop = 0;
  primeCards();
}

/**
 * A card starts as an empty list item holding its place in the grid. Its content is built when it comes near the
 * screen and, past LAZY_CARDS_FROM printers, released again when it is far away, so a farm of thousands of printers
 * keeps a few hundred elements on the page instead of hundreds of thousands. Smaller farms build every card at once.
 */
function createCard(id) {
  const root = h('li', { class: 'card', 'data-printer-id': id });
  const card = { id, root, built: false };
  cardWatcher?.observe(root);
  return card;
}

const LAZY_CARDS_FROM = 150;          // more printers than this: cards are built only near the screen
const PRIMED_CARDS = 48;              // built at once at the top of a big grid: a screenful at 1920 px and more
let lazyCards = false;
// Past LAZY_CARDS_FROM the grid scrolls on its own (the panels below stay in reach), so it is the watcher's root.
const cardWatcher = typeof IntersectionObserver === 'function'
  ? new IntersectionObserver(onCardsSeen, { root: $('printers'), rootMargin: '100% 0px' })
  : null;

function onCardsSeen(entries) {
  for (const entry of entries) {
    const card = cards.get(entry.target.dataset.printerId ?? '');
    if (!card) continue;
    if (entry.isIntersecting) {
      if (!card.built) buildCard(card);
    } else if (card.built && lazyCards && !holdsPerson(card)) {
      releaseCard(card, entry.boundingClientRect.height);
    }
  }
}

/** Switches between building every card (a small farm) and building only those near the screen. */
function useLazyCards(lazy) {
  lazyCards = lazy && cardWatcher !== null;
  $('printers').toggleAttribute('data-lazy', lazyCards);
  if (!lazyCards) for (const card of cards.values()) if (!card.built) buildCard(card);
}

/** A card that is being typed in, has its setup open or shows an answer is never released. */
function holdsPerson(card) {
  return card.root.contains(document.activeElement) || card.setup.open || card.actionStatus.textContent !== ''
    || card.clearStatus.textContent !== '';
}

function releaseCard(card, height) {
  card.root.replaceChildren();
  card.root.style.minHeight = height > 0 ? `${Math.round(height)}px` : '';
  card.root.removeAttribute('data-built');
  for (const key of Object.keys(card)) if (key !== 'id' && key !== 'root') delete card[key];
  card.built = false;
}

function buildCard(card) {
  const id = card.id;
  const name = h('h3', { class: 'card-name' });
  const state = h('span', { class: 'state', 'data-role': 'state' });
  const siteLabel = h('dt', {});
  const ownerLabel = h('dt', {});
  const nozzleLabel = h('dt', {});
  const bedLabel = h('dt', {});
  const site = h('dd', { 'data-role': 'site' });
  const owner = h('dd', { 'data-role': 'owner' });
  const tool = h('dd', { 'data-role': 'tool' });
  const bed = h('dd', { 'data-role': 'bed' });
  const fill = h('div', { class: 'bar-fill' });
  const bar = h('div', {
    class: 'bar', 'data-role': 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
  }, fill);
  const pct = h('span', { class: 'bar-text', 'aria-hidden': 'true' });
  const row = h('div', { class: 'progress-row' }, bar, pct);
  const plate = h('p', { class: 'clear-plate', 'data-role': 'plate' });
  const good = h('input', {
    type: 'number', min: '0', step: '1', value: '0', inputmode: 'numeric', required: '', class: 'clear-count',
  });
  const goodText = h('span', {});
  const submit = h('button', { type: 'submit' });
  const clearStatus = h('span', { class: 'clear-status', role: 'status' });
  const clear = h('form', { class: 'clear-form', 'data-role': 'clear-bed', hidden: '' },
    plate, h('label', {}, goodText, ' ', good), submit, clearStatus);
  clear.addEventListener('submit', (event) => {
    event.preventDefault();
    void clearBed(id, Number(good.value), clearStatus);
  });
  const actions = h('div', { class: 'card-actions', 'data-role': 'actions', role: 'group' });
  const actionStatus = h('span', { class: 'action-status', role: 'status' });
  // What is loaded (material, nozzle): the summary shows it; its form is built when first opened.
  const setupSummary = h('summary', {});
  const setup = h('details', { class: 'card-setup', 'data-role': 'setup' }, setupSummary);
  setup.addEventListener('toggle', () => { if (setup.open) openSetup(id, setup); });
  const fragment = document.createDocumentFragment();
  fragment.append(
    h('div', { class: 'card-head' }, name, state),
    h('dl', { class: 'card-meta' },
      h('div', {}, siteLabel, site),
      h('div', {}, ownerLabel, owner)),
    h('dl', { class: 'card-temps' },
      h('div', {}, nozzleLabel, tool),
      h('div', {}, bedLabel, bed)),
    row,
    clear,
    actions,
    actionStatus,
    setup);
  Object.assign(card, {
    built: true, name, state, site, owner, tool, bed, row, bar, fill, pct, clear, good, goodText, submit, plate, clearStatus,
    actions, actionStatus, setup, setupSummary, labels: { siteLabel, ownerLabel, nozzleLabel, bedLabel }, plateFor: null, actionsKey: '',
  });
  const printer = store.printers.get(id);
  if (printer) renderCard(card, printer);
  card.root.style.minHeight = '';
  card.root.append(fragment);
  card.root.setAttribute('data-built', '');
}

/**
 * The bed-clear gate from the card: staff or the printer's maker counts the good parts of the last plate.
 * The printer becomes ready (and its next job starts) only after this.
 */
async function clearBed(printerId, goodParts, status) {
  setText(status, t('clear.sending'));
  const result = await sendAction(apiKey, printerId, 'clear-bed', { goodParts });
  setText(status, result.ok ? '' : result.message);
  if (result.printer) upsertPrinter(result.printer, true);
}

/** The material and nozzle form of a card, filled from the printer as it is now. */
function openSetup(printerId, setup) {
  const printer = store.printers.get(printerId);
  if (!printer) return;
  setup.querySelector('form')?.remove();
  const material = h('input', { name: 'material', required: '', maxlength: '40', list: 'materials', class: 'short-text', value: String(printer.capabilities?.material ?? '') });
  const nozzle = h('input', { name: 'nozzleMm', type: 'number', min: '0.1', max: '2', step: '0.05', required: '', class: 'small-number', value: String(printer.capabilities?.nozzleMm ?? 0.4) });
  const status = h('span', { class: 'row-status', role: 'status' });
  const form = h('form', { class: 'setup-form' },
    h('label', {}, t('printer.material'), ' ', material),
    h('label', {}, t('printer.nozzle'), ' ', nozzle),
    h('button', { type: 'submit' }, t('printer.save')), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setText(status, t('clear.sending'));
    const result = await send(apiKey, 'PATCH', `/api/printers/${encodeURIComponent(printerId)}`, { material: material.value.trim(), nozzleMm: Number(nozzle.value) });
    setText(status, result.ok ? t('printer.saved') : result.message);
    if (result.ok && result.body?.id) upsertPrinter(result.body, true);
  });
  setup.append(form);
}

/** Runs a card's action, asking first where it cannot be undone. */
async function runAction(printerId, action) {
  const printer = store.printers.get(printerId);
  const card = cards.get(printerId);
  if (!printer || !card) return;
  const question = questionFor(action, printer.name ?? printerId);
  if (question && !(await confirmAction(question))) return;
  setText(card.actionStatus, t('clear.sending'));
  const result = await sendAction(apiKey, printerId, action);
  const now = cards.get(printerId); // the card may have been released and built again meanwhile
  if (now?.built) setText(now.actionStatus, result.message);
  if (result.printer) upsertPrinter(result.printer, true);
}

/**
 * What is on a waiting printer's plate: the design and its part count, looked up once per plate. The count box then
 * starts at that number, so pressing the button without typing counts the whole plate as good, never as lost.
 */
async function lookUpPlate(printer) {
  const key = String(printer.bedJobId);
  // Marked before the request, so a card drawn again meanwhile does not ask twice. A failed look-up stays marked
  // unknown (the count starts at 0, as before) until the next full refresh clears the marks.
  store.plates.set(key, null);
  try {
    const job = await api(`/api/jobs/${encodeURIComponent(key)}`, feed?.abort.signal);
    const counted = job.state === 'completed' && job.goodParts === null && String(job.printerId) === String(printer.id);
    const plate = { designId: String(job.designId), parts: counted ? count(job.parts) : 0, counted };
    store.plates.set(key, plate);
    return plate;
  } catch {
    return null;
  }
}

function renderPlate(card, printer) {
  const plate = store.plates.get(String(printer.bedJobId ?? ''));
  if (plate?.counted) {
    setText(card.plate, t('clear.plate', { parts: fmtInt(plate.parts), design: designNameOf(plate.designId) }));
  } else {
    setText(card.plate, t('clear.plate-unknown'));
  }
  const forPlate = `${printer.id}:${printer.bedJobId ?? ''}:${plate ? 'known' : 'unknown'}`;
  if (card.plateFor !== forPlate) {
    card.plateFor = forPlate;
    card.good.value = String(plate?.counted ? plate.parts : 0);
    setAttr(card.good, 'max', plate?.counted ? plate.parts : null);
  }
}

function renderActions(card, printer, state) {
  const mayDrive = me.canWrite && (me.isStaff || me.role === 'maker');
  const wanted = mayDrive ? actionsFor(state) : [];
  const key = `${currentLanguage()}|${wanted.join(',')}|${printer.name ?? printer.id}`;
  if (card.actionsKey === key) return;
  card.actionsKey = key;
  card.actions.hidden = wanted.length === 0;
  setAttr(card.actions, 'aria-label', t('action.label', { name: printer.name ?? printer.id }));
  // A keyboard user who pressed Pause stays on the card: focus moves to the button that took its place.
  const focused = card.actions.contains(document.activeElement) ? document.activeElement?.getAttribute('data-action') : null;
  const buttons = wanted.map((action) => {
    const button = h('button', {
      type: 'button', class: action === 'emergency-stop' || action === 'cancel' ? 'action danger' : 'action', 'data-action': action,
    }, t(`action.${action}`));
    button.addEventListener('click', () => { void runAction(String(printer.id), action); });
    return button;
  });
  card.actions.replaceChildren(...buttons);
  if (focused) (buttons.find((b) => b.dataset.action === focused) ?? buttons[0] ?? card.root.querySelector('summary'))?.focus();
}

function knownState(state) {
  return PRINTER_STATES.has(state) ? state : 'unknown';
}

const stateText = (state) => t(`state.${PRINTER_STATES.has(state) || JOB_STATES.has(state) ? state : 'unknown'}`);

function renderCard(card, printer) {
  if (!card) return;
  const state = String(printer.state ?? 'unknown');
  setAttr(card.root, 'data-state', knownState(state));
  if (!card.built) return;
  setText(card.name, printer.name ?? printer.id);
  setAttr(card.name, 'title', printer.id);
  setText(card.state, stateText(state));
  setText(card.labels.siteLabel, t('card.site'));
  setText(card.labels.ownerLabel, t('card.owner'));
  setText(card.labels.nozzleLabel, t('card.nozzle'));
  setText(card.labels.bedLabel, t('card.bed'));
  setText(card.goodText, t('clear.good'));
  setText(card.submit, t('clear.submit'));
  setAttr(card.good, 'aria-label', t('clear.good-label'));
  setAttr(card.bar, 'aria-label', t('card.progress'));
  setAttr(card.state, 'data-state', knownState(state));
  const site = printer.site ? siteName(printer.site) : '–';
  const node = printer.node ? desks.intake?.nodeName(String(printer.node)) ?? String(printer.node) : '';
  setText(card.site, node && printer.node !== printer.site ? `${site} · ${node}` : site);
  setAttr(card.site, 'title', printer.node ? `${printer.site} · ${printer.node}` : printer.site ?? null);
  setText(card.owner, printer.owner ?? '–');
  setText(card.tool, fmtTemperature(printer.temperatures?.tool0));
  setText(card.bed, fmtTemperature(printer.temperatures?.bed));
  card.clear.hidden = state !== 'needs-bed-clear' || !me.canWrite;
  if (state === 'needs-bed-clear') {
    renderPlate(card, printer);
    const plateKey = printer.bedJobId === null || printer.bedJobId === undefined ? null : String(printer.bedJobId);
    if (plateKey !== null && !store.plates.has(plateKey)) {
      void lookUpPlate(printer).then((plate) => {
        const now = store.printers.get(String(printer.id));
        if (plate && now && String(now.bedJobId ?? '') === plateKey) renderCard(card, now);
      });
    }
  }
  renderActions(card, printer, state);
  card.setup.hidden = !me.canWrite || !(me.isStaff || me.role === 'maker');
  setText(card.setupSummary, t('printer.loaded', { material: String(printer.capabilities?.material ?? '?'), nozzle: fmtInt(Number(printer.capabilities?.nozzleMm ?? 0)) }));

  const progress = printer.job ? fraction(printer.job.progress) ?? 0 : null;
  if (progress === null) {
    card.row.hidden = true;
    setAttr(card.bar, 'data-progress', null);
    setAttr(card.bar, 'data-job-id', null);
    setAttr(card.bar, 'aria-valuenow', null);
    return;
  }
  card.row.hidden = false;
  setAttr(card.bar, 'data-progress', progress);
  setAttr(card.bar, 'data-job-id', printer.job.id ?? null);
  setAttr(card.bar, 'aria-valuenow', Math.floor(progress * 100));
  setAttr(card.bar, 'aria-valuetext', t('card.printed', { pct: percent(progress) }));
  card.fill.style.transform = `scaleX(${progress})`;
  setText(card.pct, percent(progress));
}

// ---------------------------------------------------------------------------------------------
// Demand and supply board

const ledgerRows = new Map(); // designId -> { root, cells..., segments }

function applyLedger(body) {
  const summed = new Map();
  for (const item of itemsOf(body)) {
    const designId = String(item.designId);
    let row = summed.get(designId);
    if (!row) {
      row = { designId, design: item.design ?? designId, uncovered: 0, exact: true };
      for (const f of LEDGER_FIELDS) row[f] = 0;
      summed.set(designId, row);
    }
    for (const f of LEDGER_FIELDS) row[f] += count(item[f]);
    // The daemon's own per-line gap is exact: one line's surplus does not cover another line's demand.
    if (Number.isFinite(item.uncovered)) row.uncovered += count(item.uncovered); else row.exact = false;
  }
  store.ledger = summed;

  const tbody = /** @type {HTMLTableElement} */ ($('demand')).tBodies[0];
  for (const [id, row] of ledgerRows) {
    if (!summed.has(id)) { row.root.remove(); ledgerRows.delete(id); }
  }
  const sorted = [...summed.values()].sort((a, b) => collator.compare(String(a.design), String(b.design)));
  let cursor = tbody.firstElementChild;
  for (const item of sorted) {
    let row = ledgerRows.get(item.designId);
    if (!row) {
      row = createLedgerRow(item.designId);
      ledgerRows.set(item.designId, row);
    }
    renderLedgerRow(row, item);
    if (row.root === cursor) cursor = cursor.nextElementSibling; else tbody.insertBefore(row.root, cursor);
  }
  $('demand-empty').hidden = sorted.length > 0;
  $('demand').parentElement.hidden = sorted.length === 0;
  renderTotals();
  renderQueue();
}

function createLedgerRow(designId) {
  const name = h('th', { scope: 'row' });
  const segments = {};
  const stack = h('div', { class: 'stack', role: 'img' });
  for (const stage of [...STAGES, 'missing']) {
    segments[stage] = h('span', { class: 'seg', 'data-stage': stage });
    stack.append(segments[stage]);
  }
  const coverText = h('span', { class: 'cover-text' });
  const cover = h('td', { class: 'cover-col' }, h('div', { class: 'cover' }, stack, coverText));
  const cells = {};
  const root = h('tr', { 'data-design-id': designId }, name, cover);
  for (const f of LEDGER_FIELDS) {
    cells[f] = h('td', { class: 'num', 'data-field': f });
    root.append(cells[f]);
  }
  return { root, name, stack, coverText, cells, segments };
}

function renderLedgerRow(row, item) {
  setText(row.name, item.design);
  for (const f of LEDGER_FIELDS) setText(row.cells[f], fmtInt(item[f]));
  const covered = STAGES.reduce((sum, stage) => sum + item[stage], 0);
  const missing = item.exact ? Math.min(item.uncovered, item.requested) : Math.max(0, item.requested - covered);
  const scale = Math.max(covered + missing, 1);
  for (const stage of STAGES) row.segments[stage].style.width = `${(item[stage] / scale) * 100}%`;
  row.segments.missing.style.width = `${(missing / scale) * 100}%`;
  const coverage = item.requested > 0 ? 1 - missing / item.requested : null;
  setText(row.coverText, coverage === null ? t('demand.stock') : percent(coverage));
  const parts = STAGES.filter((stage) => item[stage] > 0).map((stage) => `${fmtInt(item[stage])} ${t(`stage.${stage}`)}`);
  if (missing > 0) parts.push(`${fmtInt(missing)} ${t('stage.missing')}`);
  const label = coverage === null
    ? t('demand.no-open', { parts: parts.join(', ') })
    : t('demand.covered', { pct: percent(coverage), requested: fmtInt(item.requested), parts: parts.join(', ') || t('demand.nothing-yet') });
  setAttr(row.stack, 'aria-label', label);
}

// Requester view: per requester and design, what is still needed and when the rest is expected

function applyRequesters(body) {
  store.requesters = body;
  const items = Array.isArray(body?.requesters) ? body.requesters : [];
  const tbody = /** @type {HTMLTableElement} */ ($('requesters')).tBodies[0];
  const rowsOut = items.map((item) => {
    const eta = item.eta ? new Date(item.eta) : null;
    const known = eta && !Number.isNaN(eta.getTime());
    const expected = known ? fmtDayTime(eta) : (count(item.stillNeeded) > 0 ? t('requesters.no-fit') : '—');
    const when = h('td', { 'data-field': 'eta' }, expected);
    if (known) when.title = fmtRelative(eta);
    if (item.willMissNeededBy) {
      when.classList.add('late');
      when.append(' ', h('span', { class: 'badge' }, t('requesters.late')));
    }
    return h('tr', { 'data-requester': String(item.requester), 'data-design': String(item.designId) },
      h('th', { scope: 'row' }, String(item.requester)),
      h('td', { title: String(item.designId) }, designNameOf(item.designId)),
      h('td', { class: 'num' }, fmtInt(count(item.requested))),
      h('td', { class: 'num', 'data-field': 'stillNeeded' }, fmtInt(count(item.stillNeeded))),
      h('td', { class: 'num' }, fmtInt(count(item.planned) + count(item.printing))),
      h('td', { class: 'num' }, fmtInt(count(item.printed) + count(item.collected) + count(item.passed))),
      h('td', { class: 'num' }, fmtInt(count(item.delivered))),
      when);
  });
  tbody.replaceChildren(...rowsOut);
  $('requesters').parentElement.hidden = rowsOut.length === 0;
  $('requesters-title').hidden = rowsOut.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Job queue

const rows = new Map(); // job id -> { root, cells }
let queueExpanded = false;

function applyJobs(body) {
  const items = itemsOf(body);
  store.jobsTotal = totalOf(body);
  store.jobs = new Map(items.filter((j) => ACTIVE_JOB_STATES.includes(j.state)).map((j) => [String(j.id), j]));
  renderQueue();
  renderTotals();
}

function upsertJob(job) {
  const id = String(job.id);
  const had = store.jobs.has(id);
  if (ACTIVE_JOB_STATES.includes(job.state)) {
    store.jobs.set(id, job);
    if (!had) store.jobsTotal += 1;
  } else if (had) {
    store.jobs.delete(id);
    store.jobsTotal = Math.max(0, store.jobsTotal - 1);
  }
  renderQueue();
  renderTotals();
}

function activity(job) {
  let latest = 0;
  for (const field of ['updatedAt', 'startedAt', 'createdAt']) {
    const at = Date.parse(job[field] ?? '');
    if (Number.isFinite(at) && at > latest) latest = at;
  }
  return latest;
}

function renderQueue() {
  const tbody = /** @type {HTMLTableElement} */ ($('job-queue')).tBodies[0];
  const all = [...store.jobs.values()].sort((a, b) => activity(b) - activity(a) || collator.compare(String(b.id), String(a.id)));
  const jobs = queueExpanded ? all : all.slice(0, QUEUE_ROWS);
  const shown = new Set(jobs.map((j) => String(j.id)));
  for (const [id, row] of rows) {
    if (!shown.has(id)) { row.root.remove(); rows.delete(id); }
  }
  let cursor = tbody.firstElementChild;
  for (const job of jobs) {
    const id = String(job.id);
    let row = rows.get(id);
    if (!row) { row = createJobRow(id); rows.set(id, row); }
    renderJobRow(row, job);
    if (row.root === cursor) cursor = cursor.nextElementSibling; else tbody.insertBefore(row.root, cursor);
  }
  $('jobs-empty').hidden = jobs.length > 0;
  $('job-queue').parentElement.hidden = jobs.length === 0;
  const total = Math.max(store.jobsTotal, all.length);
  const note = total > jobs.length
    ? t('jobs.note-some', { shown: fmtInt(jobs.length), total: fmtInt(total) })
    : t('jobs.note');
  setText($('jobs-note'), note);
  const more = $('jobs-more');
  more.hidden = all.length <= QUEUE_ROWS;
  setText(more, queueExpanded ? t('jobs.latest', { n: QUEUE_ROWS }) : t('jobs.all', { n: fmtInt(all.length) }));
  setAttr(more, 'aria-expanded', queueExpanded ? 'true' : 'false');
}

function createJobRow(id) {
  const cells = {
    id: h('td', { class: 'mono' }),
    design: h('td', {}),
    printer: h('td', {}),
    state: h('td', {}),
    progress: h('td', { class: 'progress-col' }),
    priority: h('td', { class: 'num' }),
  };
  const badge = h('span', { class: 'state', 'data-role': 'job-state' });
  cells.state.append(badge);
  const fill = h('div', { class: 'bar-fill' });
  const bar = h('div', { class: 'bar small', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const text = h('span', { class: 'bar-text' });
  cells.progress.append(h('div', { class: 'progress-row' }, bar, text));
  const root = h('tr', { 'data-job-id': id }, ...Object.values(cells));
  return { root, cells, badge, bar, fill, text };
}

function designNameOf(designId) {
  return store.ledger.get(String(designId))?.design ?? String(designId ?? '–');
}

function designName(job) {
  return job.design ?? designNameOf(job.designId);
}

function printerName(job) {
  if (job.printerId === null || job.printerId === undefined) return '–';
  return store.printers.get(String(job.printerId))?.name ?? String(job.printerId);
}

function renderJobRow(row, job) {
  setText(row.cells.id, job.id);
  setText(row.cells.design, designName(job));
  setAttr(row.cells.design, 'title', job.designId ?? null);
  setText(row.cells.printer, printerName(job));
  setAttr(row.cells.printer, 'title', job.printerId ?? null);
  setAttr(row.bar, 'aria-label', t('jobs.progress'));
  setText(row.badge, stateText(job.state));
  setAttr(row.badge, 'data-state', job.state);
  setText(row.cells.priority, job.priority ?? '–');
  renderJobProgress(row, job);
}

function renderJobProgress(row, job) {
  const progress = job.state === 'printing' || job.state === 'paused' ? fraction(job.progress) ?? 0 : null;
  row.bar.hidden = progress === null;
  setAttr(row.bar, 'aria-valuenow', progress === null ? null : Math.floor(progress * 100));
  if (progress !== null) row.fill.style.transform = `scaleX(${progress})`;
  setText(row.text, progress === null ? '–' : percent(progress));
}

// ---------------------------------------------------------------------------------------------
// Header

function renderTotals() {
  desks.todo?.render(store.printers.values());
  const states = {};
  for (const p of store.printers.values()) states[p.state] = (states[p.state] ?? 0) + 1;
  // Parts no plate covers yet: owed to the demands, waiting for a free printer that fits.
  let owed = 0;
  let delivered = 0;
  let requested = 0;
  for (const row of store.ledger.values()) { delivered += row.delivered; requested += row.requested; owed += row.uncovered; }
  const set = (name, value) => setText(document.querySelector(`[data-total="${name}"]`), value);
  set('printers', fmtInt(store.printersTotal || store.printers.size));
  set('printing', fmtInt(states.printing ?? 0));
  set('ready', fmtInt(states.ready ?? 0));
  set('attention', fmtInt((states.error ?? 0) + (states['needs-bed-clear'] ?? 0)));
  set('owed', fmtInt(owed));
  const node = document.querySelector('[data-total="delivered"]');
  const key = `${delivered}/${requested}`;
  if (node.dataset.key !== `${key}|${currentLanguage()}`) {
    node.dataset.key = `${key}|${currentLanguage()}`;
    node.replaceChildren(fmtInt(delivered));
    if (requested > 0) node.append(h('span', { class: 'of' }, t('totals.of', { n: fmtInt(requested) })));
  }
}

function setConnection(state) {
  const node = $('connection');
  node.dataset.conn = state;
  setText(node.querySelector('.conn-text'), t(`conn.${state}`));
}

let updatedFrame = 0;
let lastUpdated = null;
function markUpdated() {
  if (updatedFrame) return;
  updatedFrame = requestAnimationFrame(() => {
    updatedFrame = 0;
    lastUpdated = new Date();
    setText($('updated'), t('updated.at', { time: fmtTime(lastUpdated) }));
  });
}

function showError(message) {
  const node = $('error');
  node.hidden = !message;
  setText(node, message);
}

function announceText(text) {
  setText($('announcer'), text);
}

// ---------------------------------------------------------------------------------------------
// Start

/** Who the key is, for which controls to show; the API decides in the end. */
async function loadMe(s) {
  try {
    const body = await api('/api/me', s.abort.signal);
    if (!alive(s)) return;
    me = { canWrite: Boolean(body.canWrite), isStaff: Boolean(body.isStaff), isAdmin: Boolean(body.isAdmin), role: String(body.role ?? ''), owner: String(body.owner ?? '') };
    document.body.dataset.role = me.role;
    // The desks below load once the grid and the board are drawn, so their requests and rows do not hold them up.
    await s.drawn;
    if (!alive(s)) return;
    desks.intake ??= createIntakeDesk(deskPage());
    desks.demands ??= createDemandDesk(deskPage());
    desks.catalog ??= createCatalogDesk(deskPage());
    desks.keys ??= createKeyDesk(deskPage());
    desks.intake.show(me.isStaff);
    desks.demands.show(me.isStaff);
    desks.catalog.show(me.isStaff);
    desks.keys.show(me.isAdmin);
    desks.todo ??= createTodo(deskPage());
    desks.todo.show(me.role === 'maker');
    desks.history ??= createHistory({
      key: () => apiKey,
      designName: (id) => designNameOf(id),
      printerName: (id) => String(store.printers.get(id)?.name ?? id),
      designs: () => [...store.ledger.keys()].sort((a, b) => collator.compare(designNameOf(a), designNameOf(b))),
      printers: () => [...store.printers.keys()].sort((a, b) => collator.compare(String(store.printers.get(a)?.name ?? a), String(store.printers.get(b)?.name ?? b))),
    });
    desks.history.show();
    rerender();
  } catch (error) {
    if (error instanceof AuthError && alive(s)) onAuthError(error);
  }
}

/** Draws everything again from what the page holds, after the language or the key's rights changed. */
function rerender() {
  translatePage();
  collator = new Intl.Collator(currentLanguage(), { numeric: true, sensitivity: 'base' });
  setConnection($('connection').dataset.conn ?? 'connecting');
  if (!$('auth').hidden) setText($('auth-message'), t($('auth-message').dataset.message ?? 'auth.first'));
  for (const [id, card] of cards) {
    card.actionsKey = '';
    const printer = store.printers.get(id);
    if (printer) renderCard(card, printer);
  }
  orderCards();
  renderPrintersNote();
  if (store.ledger.size) {
    for (const [id, row] of ledgerRows) { const item = store.ledger.get(id); if (item) renderLedgerRow(row, item); }
  }
  if (store.requesters) applyRequesters(store.requesters);
  for (const [id, row] of rows) { const job = store.jobs.get(id); if (job) renderJobRow(row, job); }
  renderQueue();
  renderTotals();
  desks.demands?.rerender();
  desks.intake?.rerender();
  desks.catalog?.rerender();
  desks.keys?.rerender();
  desks.todo?.render(store.printers.values(), true);
  desks.history?.rerender();
  setText($('updated'), lastUpdated ? t('updated.at', { time: fmtTime(lastUpdated) }) : t('updated.never'));
}

async function switchLanguage(lang) {
  try {
    await useLanguage(lang);
  } catch (error) {
    showError(error.message);
    return;
  }
  /** @type {HTMLSelectElement} */ ($('language')).value = currentLanguage();
  rerender();
}

async function boot() {
  // The language file and the farm's data are fetched side by side; nothing is drawn from data before the language is in.
  languageReady = useLanguage(initialLanguage()).catch(() => {
    // The language files could not be read: the page's own English stays.
  });
  const fromFragment = takeKeyFromFragment();
  if (fromFragment) storeKey(fromFragment);
  apiKey = fromFragment ?? readStoredKey();
  if (apiKey) {
    $('auth').hidden = true;
    startFeed();
  }
  await languageReady;
  const picker = /** @type {HTMLSelectElement} */ ($('language'));
  picker.value = LANGUAGES.includes(currentLanguage()) ? currentLanguage() : 'en';
  picker.addEventListener('change', () => { void switchLanguage(picker.value); });
  translatePage();
  setText($('updated'), lastUpdated ? t('updated.at', { time: fmtTime(lastUpdated) }) : t('updated.never'));
  setConnection($('connection').dataset.conn ?? 'connecting');
  if (!$('auth').hidden && $('auth-message').dataset.message) setText($('auth-message'), t($('auth-message').dataset.message));
  $('auth-form').addEventListener('submit', onAuthSubmit);
  $('printer-find').addEventListener('input', (event) => onFind(/** @type {HTMLInputElement} */ (event.target).value));
  $('jobs-more').addEventListener('click', () => {
    queueExpanded = !queueExpanded;
    renderQueue();
  });
  $('change-key').addEventListener('click', () => {
    apiKey = null;
    storeKey(null);
    askForKey('auth.again');
  });
  window.addEventListener('online', () => feed?.wake?.abort());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && feed) {
      feed.wake?.abort();
      refreshAll(feed);
    }
  });

  if (!apiKey) askForKey('auth.first');
}

void boot();
