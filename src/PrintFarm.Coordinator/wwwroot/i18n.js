// The dashboard's languages: every string a person reads comes from i18n/{language}.json, one file per language.
// Dates, times and numbers follow the chosen language's locale (24-hour time in all three). The choice is taken
// from the browser's languages the first time, can be changed with the switcher, and is remembered.

export const LANGUAGES = ['ca', 'es', 'en'];
const LANGUAGE_STORAGE = 'printfarm.language';
const LOCALES = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

let language = 'en';
let strings = {};
let fallback = {};

/** The language to start in: the one chosen before, else the first of the browser's that we speak, else English. */
export function initialLanguage() {
  let stored = null;
  try { stored = localStorage.getItem(LANGUAGE_STORAGE); } catch { /* storage disabled */ }
  if (LANGUAGES.includes(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

async function fetchStrings(lang) {
  const response = await fetch(`i18n/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`i18n/${lang}.json answered HTTP ${response.status}`);
  return response.json();
}

/** Loads a language (English too, as the fallback for a key a translation lacks) and remembers the choice. */
export async function useLanguage(lang) {
  const wanted = LANGUAGES.includes(lang) ? lang : 'en';
  const [chosen, english] = await Promise.all([fetchStrings(wanted), wanted === 'en' ? null : fetchStrings('en')]);
  strings = chosen;
  fallback = english ?? chosen;
  language = wanted;
  try { localStorage.setItem(LANGUAGE_STORAGE, wanted); } catch { /* storage disabled */ }
  document.documentElement.lang = wanted;
  rebuildFormats();
}

export const currentLanguage = () => language;

/** The string for `key`, with `{name}` placeholders filled from `vars`; the key itself if no file has it. */
export function t(key, vars = {}) {
  const template = strings[key] ?? fallback[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Fills the page's fixed text: `data-i18n="key"` sets an element's text, and
 * `data-i18n-attr="aria-label:key;placeholder:key"` sets attributes.
 */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

// Formats, rebuilt when the language changes.
let numberFormat = new Intl.NumberFormat('en-GB');
let timeFormat = null;
let dayTimeFormat = null;
let relativeFormat = null;

function rebuildFormats() {
  const locale = LOCALES[language] ?? 'en-GB';
  numberFormat = new Intl.NumberFormat(locale);
  timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  dayTimeFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
}
rebuildFormats();

export const fmtInt = (n) => (Number.isFinite(n) ? numberFormat.format(n) : '–');

/** A clock time, 24-hour: 13:25:26. */
export const fmtTime = (date) => timeFormat.format(date);

/** A day and time, 24-hour: "dl., 13:25" in Catalan. */
export const fmtDayTime = (date) => dayTimeFormat.format(date);

/** How long ago or how far ahead: "fa 12 minuts", "in 3 hours". */
export function fmtRelative(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relativeFormat.format(seconds, 'second');
  if (abs < 45 * 60) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  return relativeFormat.format(Math.round(seconds / 86400), 'day');
}
