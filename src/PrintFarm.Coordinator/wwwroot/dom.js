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
