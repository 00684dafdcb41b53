// The search page's script (theme/pages/search.njk), the one script the site
// ships, published as pagefind/jamrecap-search.js by search-index.ts (a
// theme holds no JavaScript); it runs in the browser, not in Node. It loads
// Pagefind's pagefind.js from beside itself (a path prefix needs nothing),
// lists the facets (jam, question, person) in the form and shows each
// matching message: who, when, its text, a link to it in its transcript and
// to the recap section it answers. Every value is shown as text
// (textContent), never as HTML: chat text is untrusted.

const form = document.querySelector('form.search');
const input = form.querySelector('input[name="q"]');
const facets = form.querySelector('.search-facets');
const status = document.querySelector('.search-status');
const list = document.querySelector('.search-results');
const FACETS = [
  ['jam', 'Jam'],
  ['question', 'Question'],
  ['person', 'Person'],
];

/** An element with text (never HTML) and attributes. */
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Pagefind's excerpt (text with <mark> around the matches) as nodes: parsed in an inert document, only text and marks kept. */
function excerptNodes(excerpt) {
  const doc = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html');
  return [...doc.body.childNodes].map((n) => (n.nodeName === 'MARK' ? el('mark', n.textContent) : document.createTextNode(n.textContent)));
}

/** One select per facet, its values with their counts, the current choice kept. */
function showFacets(filters, chosen) {
  facets.replaceChildren();
  for (const [name, label] of FACETS) {
    const values = Object.keys(filters[name] ?? {}).sort((a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const id = `search-${name}`;
    const select = el('select', '', { id, name });
    select.append(el('option', 'Any', { value: '' }));
    for (const v of values) {
      const option = el('option', `${v} (${filters[name][v]})`, { value: v });
      if (chosen[name] === v) option.selected = true;
      select.append(option);
    }
    select.addEventListener('change', () => run());
    facets.append(el('label', label, { for: id }), select);
  }
  facets.hidden = false;
}

/** One result: who and when (linking to the message in its transcript), the text, the recap section. */
function resultItem(data) {
  const m = data.meta;
  const item = el('li', '', { class: 'search-result' });
  const head = el('p', '', { class: 'who' });
  const link = el('a', `${m.title}${m.name ? ` ${m.name}` : ''} · ${m.time}`, { href: data.raw_url ?? data.url, class: 'in-transcript' });
  head.append(link);
  const text = el('p', '', { class: 'text' });
  text.append(...excerptNodes(data.excerpt));
  const where = el('p', '', { class: 'where' });
  where.append(el('a', m.question ? `${m.jam}: ${m.question}` : m.jam, { href: m.recap, class: 'in-recap' }));
  item.append(head, text, where);
  return item;
}

let pagefind;
let current = 0;

/** Searches for the form's words and facets; a newer search replaces an older one still running. */
async function run() {
  const mine = ++current;
  const query = input.value.trim();
  const filters = {};
  for (const select of facets.querySelectorAll('select')) if (select.value) filters[select.name] = select.value;
  const url = new URL(location.href);
  url.search = new URLSearchParams({ q: query, ...filters }).toString();
  history.replaceState(null, '', url);
  if (!query) {
    list.replaceChildren();
    status.textContent = 'Type words from a message.';
    return;
  }
  const search = await pagefind.search(query, { filters });
  const results = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (mine !== current) return;
  status.textContent = `${search.results.length} message${search.results.length === 1 ? '' : 's'} found${search.results.length > 50 ? ', the first 50 shown' : ''}.`;
  list.replaceChildren(...results.map(resultItem));
}

async function start() {
  pagefind = await import(new URL('./pagefind.js', import.meta.url).href);
  // The records' URLs are as the site links (search-index.ts): with the path prefix, or relative to this page; results link with them as they are (raw_url).
  await pagefind.options({ baseUrl: '/' });
  // A big site's index comes in parts (search-index.ts): the others merged into the first, facets and all.
  const parts = await (await fetch(new URL('./jamrecap-parts.json', import.meta.url))).json();
  for (const part of parts) await pagefind.mergeIndex(new URL(part, import.meta.url).pathname);
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  showFacets(await pagefind.filters(), Object.fromEntries(params));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener('input', () => run());
  await run();
}

start().catch(() => {
  // A copy opened from disk (build --relative, a jam's site zip): browsers load no module or index from file://.
  status.textContent =
    location.protocol === 'file:'
      ? "Search cannot run in a copy opened from disk (file://): it needs the site served over http or https. Use your browser's find (Ctrl+F) on a transcript instead."
      : 'Search could not start here (it needs the site served over http or https).';
});
