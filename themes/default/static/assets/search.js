/* sitegen search, as you type, over the index in search/: classic scripts calling
   sitegenSearchData(), so file:// works. Mirrors sitegen/search/query.py and whoosh's BM25F. */
(() => {
"use strict";
const root = new URL(document.currentScript.getAttribute("data-root") || "./", location.href).href;
const ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const WORD = /[\p{L}\p{N}_]+(?:['’ʼ][\p{L}\p{N}_]+)*/gu;
const DROPDOWN = 5, PAGE = 10, NONE = {terms: {}, list: [], forms: {}, stops: {}};
const files = {}, cache = new Map();
let M = null;

/* ---------- loading ---------- */
window.sitegenSearchData = (d) => {
  const s = document.currentScript, f = s && files[s.dataset.name];
  if (f) f.data = d;
};
function load(name, done) {
  let f = files[name];
  if (f) return f.done ? done() : f.wait.push(done);
  f = files[name] = {wait: [done]};
  const s = document.createElement("script");
  s.dataset.name = name;
  s.src = root + "search/" + name + (name === "manifest.js" ? "?" + Date.now() : "");
  s.onload = s.onerror = () => { f.done = true; s.remove(); f.wait.splice(0).forEach((cb) => cb()); };
  document.head.append(s);
}
function loadAll(names, done, o) {  // o.wait: while typing, fetch only after a pause
  if (o && o.wait && names.some((n) => !(files[n] && files[n].done)))
    return setTimeout(() => { if (o.live()) { o.wait = 0; loadAll(names, done); } }, o.wait);
  let left = names.length + 1;
  const one = () => { if (--left === 0) done(); };
  names.forEach((n) => load(n, one));
  one();
}
const data = (name) => files[name] && files[name].data;
const manifest = (done, o) => M ? done() : loadAll(["manifest.js"], () => { M = data("manifest.js"); done(); }, o);

/* ---------- text ---------- */
function decode(s) {
  const out = [];
  let n = 0;
  for (const ch of s) {
    const v = ALPHA.indexOf(ch);
    if (v >= 32) n = n * 32 + v - 32; else { out.push(n * 32 + v); n = 0; }
  }
  return out;
}
const sums = (gaps) => { let at = 0; return gaps.map((g) => (at += g)); };
function unfront(s, each) {
  let prev = "";
  return s ? s.split(",").map((e) => {
    const c = e.indexOf(":"), w = (prev = prev.slice(0, ALPHA.indexOf(e[0])) + e.slice(1, c < 0 ? e.length : c));
    if (each) each(w, e.slice(c + 1));
    return w;
  }) : [];
}
function fold(s) {
  s = s.toLowerCase();
  if (/[^\x00-\x7f]/.test(s)) {
    let out = "", prev = "";
    for (const ch of s.normalize("NFKD")) {
      if (!/\p{Mn}/u.test(ch) || ("\u0306\u0308".includes(ch) && "иуі".includes(prev))) out += ch;
      prev = ch;
    }
    s = out.normalize("NFC");
  }
  return s.replace(/['’ʼ]/g, "");
}
const tokenize = (s) => (s.match(WORD) || []).map(fold);
const key = (w) => Array.from(w).slice(0, 2).join("");

/* ---------- query (as query.py) ---------- */
function parse(text, typing) {
  text = text.slice(0, M.max[0]);
  const q = {words: [], phrases: [], without: [], tags: []}, items = [...text.matchAll(/(-?)"([^"]*)"?|(\S+)/g)];
  items.forEach((m, i) => {
    const bare = m[3];
    if (m[2] !== undefined) {
      const words = tokenize(m[2]);
      if (m[1]) q.without.push(words);
      else { q.phrases.push(words); words.forEach((w) => q.words.push([w, false])); }
    } else if (bare[0] === "-" && bare.length > 1) q.without.push(tokenize(bare.slice(1)));
    else if (bare.toLowerCase().startsWith("tag:")) q.tags.push(bare.slice(4).toLowerCase());
    else {
      const words = tokenize(bare), prefix = bare.endsWith("*") || (typing && i === items.length - 1 && !/\s$/.test(text));
      words.forEach((w, j) => q.words.push([w, prefix && j === words.length - 1]));
    }
  });
  const seen = new Set();
  q.words = q.words.filter((w) => !seen.has(w + "") && seen.add(w + "")).slice(0, M.max[1]);
  q.without = q.without.filter((w) => w.length);
  q.phrases = q.phrases.filter((p) => p.length > 1);
  return q;
}

/* The Lexicon of query.py over dictionary shards; shards not loaded yet go in `need`. */
function find(list, k) {  // index of the last [first key, name] entry with key <= k
  let lo = 0, hi = list.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (list[mid][0] <= k) lo = mid; else hi = mid - 1; }
  return lo;
}
function shard(w, need) {
  const name = M.dict[find(M.dict, key(w))][1], f = files[name];
  if (!f || !f.done) { need[name] = 1; return null; }
  if (f.data && !f.parsed) {
    const d = f.data, df = decode(d.d), words = new Set(sums(decode(d.w))), terms = {}, forms = {}, stops = {};
    const list = unfront(d.t);
    list.forEach((t, i) => { terms[t] = {df: df[i], word: words.has(i)}; });
    unfront(d.f, (w, specs) => { forms[w] = specs.split(" ").map((s) => w.slice(0, w.length - ALPHA.indexOf(s[0])) + s.slice(1)); });
    d.s.forEach((s) => { stops[s] = 1; });
    f.parsed = {terms, list, forms, stops};
  }
  return f.parsed || NONE;
}
function lexicon(need) {
  const sh = (w) => shard(w, need) || NONE;
  return {
    isStop: (w) => !!sh(w).stops[w],
    forms: (w) => sh(w).forms[w] || null,
    isTerm: (t) => !!sh(t).terms[t],
    completions: (p) => { const s = sh(p); return s.list.filter((t) => t.startsWith(p)).map((t) => [t, s.terms[t].df]); },
  };
}
const ignorable = (L, w) => L.isStop(w) || /^\p{N}+$/u.test(w);
function exactTerms(L, w) {
  if (ignorable(L, w)) return [];
  const f = L.forms(w);
  if (f && f.length) return f;
  if (L.isTerm(w)) return [w];
  for (let cut = 1; cut <= Math.min(M.stem[0], Math.floor(w.length / 3)) && w.length - cut >= M.stem[1]; cut++)
    if (L.isTerm(w.slice(0, -cut))) return [w.slice(0, -cut)];
  return [];
}
function alternatives(L, w, prefix) {
  const exact = exactTerms(L, w), found = exact.map((t) => [t, 1.0]);
  if (prefix && w.length >= M.prefix[0])
    L.completions(w).filter((c) => !exact.includes(c[0]))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, M.prefix[1]).forEach((c) => found.push([c[0], M.prefix[2]]));
  return found;
}
const phraseParts = (L, words) => words.map((w, i) => ignorable(L, w) ? null : [i, exactTerms(L, w)]).filter(Boolean);
function plan(L, q) {
  const p = {groups: [], tags: q.tags, unknown: []};
  q.words.forEach(([w, prefix]) => {
    const alts = alternatives(L, w, prefix);
    if (alts.length) p.groups.push(alts); else if (!ignorable(L, w)) p.unknown.push(w);
  });
  p.phrases = q.phrases.map((x) => phraseParts(L, x)).filter((x) => x.length);
  p.without = q.without.map((x) => phraseParts(L, x)).filter((x) => x.length);
  return p;
}
function resolve(q, done, o) {  // plan the query, loading the shards it turns out to need
  const need = {}, p = plan(lexicon(need), q), names = Object.keys(need);
  if (!names.length) return done(p);
  loadAll(names, () => resolve(q, done, o), o);
}

/* ---------- scoring: whoosh's BM25F ---------- */
function postings(t, positions) {
  const i = find(M.post, t), d = data(positions ? M.pos[i] : M.post[i][1]);
  return (d && d[t]) || ["", ""];
}
function fieldPostings(t) {
  if (!cache.has(t)) cache.set(t, postings(t).map((s) => {
    const n = decode(s), out = [];
    for (let i = 0, doc = 0; i < n.length; i += 3) { doc += n[i]; out.push([doc, n[i + 1], n[i + 2]]); }
    return out;
  }));
  return cache.get(t);
}
function termScores(t, factor, scores) {
  fieldPostings(t).forEach((list, f) => {
    const idf = Math.log(M.n / (list.length + 1)) + 1, avg = M.lengths[f] / (M.n || 1), boost = M.boosts[f] * factor;
    for (const [doc, tf, len] of list)
      scores.set(doc, (scores.get(doc) || 0) + idf * ((tf * (M.k1 + 1)) / (tf + M.k1 * ((1 - M.b) + M.b * len / avg))) * boost);
  });
}
function positionsOf(t, f, doc) {
  const k = "\0" + f + t;
  if (!cache.has(k)) {
    const gaps = decode(postings(t, true)[f]), map = new Map();
    let g = 0;
    for (const [d, tf] of fieldPostings(t)[f]) {
      const at = [];
      for (let i = 0, pos = 0; i < tf; i++) at.push((pos += gaps[g++]));
      map.set(d, at);
    }
    cache.set(k, map);
  }
  return cache.get(k).get(doc) || [];
}
const phraseIn = (parts, doc) => [0, 1].some((f) => {
  let starts = null;
  for (const [offset, terms] of parts) {
    const here = new Set(terms.flatMap((t) => positionsOf(t, f, doc).map((p) => p - offset)));
    starts = starts ? new Set([...starts].filter((s) => here.has(s))) : here;
    if (!starts.size) return false;
  }
  return true;
});
function filesFor(p) {
  const names = new Set(p.tags.length && M.tags ? [M.tags] : []);
  const add = (t, both) => { const i = find(M.post, t); names.add(M.post[i][1]); if (both) names.add(M.pos[i]); };
  p.groups.forEach((g) => g.forEach((a) => add(a[0])));
  p.phrases.concat(p.without).forEach((x) => x.forEach((part) => part[1].forEach((t) => add(t, x.length > 1))));
  return [...names];
}
function rank(p, byDate) {
  let total = null;
  for (const g of p.groups) {
    const sum = new Map();
    g.forEach(([t, factor]) => termScores(t, factor, sum));
    if (total) for (const [d, s] of total) if (sum.has(d)) total.set(d, s + sum.get(d)); else total.delete(d);
    else total = sum;
  }
  if (!total) { total = new Map(); for (let d = 0; d < M.n && p.tags.length; d++) total.set(d, 0); }
  for (const slug of p.tags) {
    const tag = (data(M.tags) || []).find((t) => t[0] === slug), has = new Set(tag ? sums(decode(tag[2])) : []);
    for (const d of [...total.keys()]) if (!has.has(d)) total.delete(d);
  }
  const contains = (x, d) => x.length > 1 ? phraseIn(x, d) : x[0][1].some((t) => fieldPostings(t).some((l) => l.some((q) => q[0] === d)));
  return [...total].filter(([d]) => p.phrases.every((x) => phraseIn(x, d)) && !p.without.some((x) => contains(x, d)))
    .sort((a, b) => (byDate ? 0 : b[1] - a[1]) || b[0] - a[0]);
}

/* ---------- "did you mean": the nearest known word of the shard ---------- */
function distance(a, b) {  // edits, a swap of neighbours counting one
  const d = [];
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = i ? Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] !== b[j - 1])) : j;
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
function suggest(w) {
  const s = shard(w, {}), most = w.length > 4 ? 2 : 1, rank = (t) => { const x = shard(t, {}); return x ? (x.terms[t] || {df: 0}).df : 0; };
  let best = null;
  const consider = (c, df) => {
    if (c === w || key(c) !== key(w) || Math.abs(c.length - w.length) > most) return;
    const d = distance(w, c);
    if (d <= most && (!best || d < best[1] || (d === best[1] && (df > best[2] || (df === best[2] && c < best[0])))))
      best = [c, d, df];
  };
  if (!s) return null;
  s.list.forEach((t) => { if (s.terms[t].word) consider(t, s.terms[t].df); });
  Object.keys(s.forms).forEach((f) => consider(f, Math.max(...s.forms[f].map(rank))));
  return best && best[0];
}

/* ---------- one search: text -> ranked results ---------- */
const record = (d) => { const r = data(M.docs[Math.floor(d / M.per)]); return r && r[d % M.per]; };
function run(text, o, done) {
  manifest(() => {
    if (!M) return done({error: true});
    const q = parse(text, o.typing);
    if (o.tag) q.tags.push(o.tag);
    resolve(q, (p) => {
      if (p.unknown.length || !(p.groups.length || p.tags.length)) return done({q, p, found: [], shown: []});
      loadAll(filesFor(p), () => {
        const found = rank(p, o.byDate), shown = found.slice(0, o.count);
        loadAll([...new Set(shown.map(([d]) => M.docs[Math.floor(d / M.per)]))],
          () => done({q, p, found, shown: shown.map(([d]) => record(d)).filter(Boolean)}), o);
      }, o);
    }, o);
  }, o);
}
function matcher(p, q) {  // does a word of a result match? (loaded shards only)
  const terms = new Set(p.groups.flat().map((a) => a[0])), L = lexicon({}), seen = new Map();
  const prefixes = q.words.filter(([w, x]) => x && w.length >= M.prefix[0]).map(([w]) => w);
  return (word) => {
    const f = fold(word);
    if (!seen.has(f)) seen.set(f, exactTerms(L, f).some((t) => terms.has(t)) || prefixes.some((x) => f.startsWith(x)));
    return seen.get(f);
  };
}

/* ---------- the page ---------- */
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
const href = (path, query = "") => root + path + (location.protocol === "file:" && /\/$/.test(root + path) ? "index.html" : "") + query;
function marked(text, match) {  // text nodes and <mark>s: content never becomes markup
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(WORD)) if (match(m[0])) { frag.append(text.slice(last, m.index), el("mark", "", m[0])); last = m.index + m[0].length; }
  frag.append(text.slice(last));
  return frag;
}
function item(r, i, match) {
  const li = el("li", "sg-result"), a = el("a"), passage = el("p", "sg-excerpt"), meta = [r[2], ...r[3]].filter(Boolean).join(" · ");
  const hits = (s) => new Set((s.match(WORD) || []).filter(match).map(fold)).size;
  li.id = "sg-result-" + i;
  li.setAttribute("role", "option");
  if (r[5]) { li.lang = r[5]; li.dir = "auto"; } // e.g. Arabic in an English site
  a.href = href(r[1]);
  a.append(marked(r[0], match));
  passage.append(marked(r[4].reduce((best, s) => hits(s) > hits(best) ? s : best, r[4][0] || ""), match));
  li.append(a, passage);
  if (meta) li.append(el("p", "sg-meta", meta));
  return li;
}
function suggestion(text, p) {
  const fixes = {};
  p.unknown.forEach((w) => { const s = suggest(w); if (s) fixes[w] = s; });
  return Object.keys(fixes).length ? text.replace(WORD, (m) => fixes[fold(m)] || m) : "";
}

function Box(input, view) {
  let seq = 0, active = -1, timer = 0;
  const attrs = {autocomplete: "off", role: "combobox", "aria-controls": view.list.id, "aria-autocomplete": "list", "aria-expanded": "false"};
  Object.entries(attrs).forEach(([k, v]) => input.setAttribute(k, v));
  const search = this.search = (typing) => {
    const text = input.value, mine = ++seq, o = view.options();
    Object.assign(o, {typing, wait: typing ? 250 : 0, live: () => mine === seq});
    view.list.setAttribute("aria-busy", "true");
    if (view.remember) view.remember(text);
    if (!text.trim() && !o.tag) return show(null, text);
    run(text, o, (res) => { if (mine === seq) show(res, text); });
  };
  function show(res, text) {
    const {list, status} = view;
    list.setAttribute("aria-busy", "false");
    list.textContent = status.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    view.open(!!res);
    input.setAttribute("aria-expanded", String(!!res));
    if (!res) return;
    if (res.error) { status.textContent = "Search is unavailable: its index could not be loaded."; return; }
    const match = matcher(res.p, res.q), n = res.found.length;
    res.shown.forEach((r, i) => list.append(item(r, i, match)));
    status.textContent = n ? n + (n === 1 ? " result" : " results") : "No results for “" + text.trim() + "”.";
    const better = n ? "" : suggestion(text, res.p);
    if (better) {
      const a = el("a", "sg-suggestion", better);
      a.href = href("search/", "?q=" + encodeURIComponent(better));
      a.addEventListener("click", (e) => { e.preventDefault(); input.value = better; search(false); });
      status.append(" Did you mean ", a, "?");
    }
    view.more(n > res.shown.length, text);
  }
  function move(by) {
    const items = view.list.children;
    if (!items.length) return;
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = Math.max(-1, Math.min(items.length - 1, active + by));
    if (active < 0) return input.removeAttribute("aria-activedescendant");
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({block: "nearest"});
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(true)); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(e.key === "ArrowDown" ? 1 : -1); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = view.list.children[active].querySelector("a").href; }
    else if (e.key === "Enter" && view.remember) { e.preventDefault(); clearTimeout(timer); search(false); }
    else if (e.key === "Escape") { view.open(false); input.setAttribute("aria-expanded", "false"); }
  });
}

function dropdown(input, n) {
  const form = input.form, wrap = el("div", "sg-search-dropdown"), all = el("a", "sg-search-all", "All results");
  const view = {list: el("ol", "sg-search-results"), status: el("p", "sg-search-status")};
  view.list.id = n ? "search-results-" + n : "search-results";
  view.list.setAttribute("role", "listbox");
  view.status.setAttribute("role", "status");
  wrap.hidden = true;
  wrap.append(view.status, view.list, all);
  form.classList.add("sg-search-host");
  form.append(wrap);
  view.options = () => ({count: DROPDOWN});
  view.open = (on) => { wrap.hidden = !on; };
  view.more = (on, text) => { all.hidden = !on; all.href = href("search/", "?q=" + encodeURIComponent(text)); };
  document.addEventListener("click", (e) => { if (!form.contains(e.target)) wrap.hidden = true; });
  input.addEventListener("focus", () => { if (view.list.children.length || view.status.textContent) wrap.hidden = false; });
  return new Box(input, view);
}

function searchPage(list, inputs) {
  const form = document.querySelector("form[data-search-page]"), params = new URLSearchParams(location.search);
  const {sort, tag, q: main} = form.elements, more = document.getElementById("search-more");
  let count = PAGE;
  const view = {list, status: document.getElementById("search-status"), open() {}, more: (on) => { more.hidden = !on; }};
  view.options = () => ({count, byDate: sort.value === "date", tag: tag.value});
  view.remember = (text) => {
    const u = new URLSearchParams();
    if (text) u.set("q", text);
    if (sort.value === "date") u.set("sort", "date");
    if (tag.value) u.set("tag", tag.value);
    history.replaceState(null, "", location.pathname + (String(u) ? "?" + u : ""));
    inputs.forEach((i) => { if (i.value !== text) i.value = text; });
  };
  const box = inputs.map((i) => new Box(i, view))[inputs.indexOf(main)];
  const again = (more) => { count = more ? count + PAGE : PAGE; box.search(false); };
  main.value = params.get("q") || "";
  sort.value = params.get("sort") === "date" ? "date" : "relevance";
  form.addEventListener("submit", (e) => { e.preventDefault(); again(); });
  sort.addEventListener("change", () => again());
  tag.addEventListener("change", () => again());
  more.addEventListener("click", () => again(true));
  manifest(() => M && M.tags ? load(M.tags, () => {
    (data(M.tags) || []).forEach((t) => { const o = el("option", "", t[1]); o.value = t[0]; tag.append(o); });
    tag.value = params.get("tag") || "";
    tag.hidden = tag.options.length < 2;
    again();
  }) : again());
  return main;
}

function start() {
  const inputs = [...document.querySelectorAll("form[role=search] input[name=q]")], list = document.getElementById("search-results");
  const primary = list && document.querySelector("form[data-search-page]") ? searchPage(list, inputs)
    : inputs.map((i, n) => (dropdown(i, n), i))[0];
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !primary || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
    e.preventDefault();
    primary.focus();
    primary.select();
  });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
})();
