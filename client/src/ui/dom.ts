/** The element with `id`, checked to be of the expected kind: a missing shell element is a build bug, so fail loudly. */
export function requireElement<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`index.html is missing #${id} (${kind.name})`);
  return element;
}
