// Small DOM helpers: every value reaches the page as text, never as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function replace(target, ...children) {
  const node = typeof target === 'string' ? document.getElementById(target) : target;
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

export function text(id, value) {
  document.getElementById(id).textContent = String(value);
}

export function time(ms) {
  return ms === null || ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function clock(ms) {
  return new Date(ms).toISOString().substring(11, 19);
}

export function table(headers, rows, rowAttrs = () => ({})) {
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((row, i) => el('tr', rowAttrs(row, i), row.cells.map((c) => el('td', {}, c))))));
}

export function markLoaded() {
  document.body.dataset.loaded = 'true';
}

export function showError(id, error) {
  replace(id, el('p', { class: 'error', role: 'alert' }, error.message));
}
