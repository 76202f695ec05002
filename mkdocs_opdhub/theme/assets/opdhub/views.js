/* mkdocs-opdhub: the filter views of the current page, for the modules that act on a listing's
 * cards from outside its filter (landing on a linked card). Empty on pages without a filter. */
let current = [];

export function setViews(list) {
  current = list;
}

export function views() {
  return current;
}
