// Building the page's elements: data reaches the DOM only as text nodes and attributes, never as markup.

/**
 * Creates an element. Strings among the children become text nodes.
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {...(Node|string)} children
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/**
 * Fills a select with one option per value, keeping the current choice when it is still there.
 * @param {HTMLSelectElement} select @param {string[]} values @param {(v: string) => string} label
 * @param {string} [anyLabel] a first, empty option ("All") when given
 */
export function fillSelect(select, values, label, anyLabel) {
  const current = select.value;
  select.replaceChildren(...(anyLabel === undefined ? [] : [h('option', { value: '' }, anyLabel)]), ...values.map((v) => h('option', { value: v }, label(v))));
  if (values.includes(current)) select.value = current;
}
