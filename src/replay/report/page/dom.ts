/// <reference lib="dom" />
/*
 * The report page's script is made of the functions and classes exported from this folder,
 * written into the page as their source text (see pageScript.ts): each may use the others
 * and the browser's globals, but nothing else at module level.
 */

/** An HTML element with a class and text (as text, never as markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== '') element.className = className;
  if (text !== '') element.textContent = text;
  return element;
}

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const name of Object.keys(attributes)) element.setAttribute(name, String(attributes[name]));
  return element;
}

/** A number with thousands separators, as every count on the page is shown. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1 rewind", "2 rewinds". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
