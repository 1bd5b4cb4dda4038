/**
 * Building DOM nodes: attributes through `setAttribute`, every value as a
 * text node, never as markup (the page's values come from the server).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attribute values; `null` and `undefined` leave the attribute out. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** A child: a node, or text; `null` and `undefined` are skipped. */
export type Child = Node | string | number | null | undefined;

/** The element with id `id` (the page's fixed skeleton, src/dashboard/assets/page-html.ts). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** An HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, children?: Child | readonly Child[]): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element with attributes. */
export function svg(tag: 'svg' | 'polyline' | 'polygon', attrs: Attrs): SVGElement {
  return build(document.createElementNS(SVG_NS, tag), attrs, undefined);
}

function build<E extends Element>(node: E, attrs: Attrs | null | undefined, children: Child | readonly Child[] | undefined): E {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== undefined && v !== null) node.setAttribute(k, String(v));
    }
  }
  const list: readonly Child[] = Array.isArray(children) ? children : [children as Child];
  for (const c of list) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}
