/* sitegen search: results as you type, from the prebuilt index in search/.
   Data files are classic scripts that call sitegenSearchData(...), so this works from
   file:// too. Query rules mirror sitegen/search/query.py; scores mirror whoosh's BM25F. */
(function () {
  "use strict";
  var me = document.currentScript;
  var root = new URL(me.getAttribute("data-root") || "./", location.href).href;
  var ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var WORD = /[\p{L}\p{N}_]+(?:['’ʼ][\p{L}\p{N}_]+)*/gu;
  var DROPDOWN = 5, PAGE = 10;
  var M = null, files = {}, fresh = 0;

  /* ---------- loading ---------- */
  window.sitegenSearchData = function (data) {
    var el = document.currentScript, f = el && files[el.getAttribute("data-name")];
    if (f) f.data = data;
  };
  function load(name, done) {
    var f = files[name];
    if (f && f.state === 2) return done();
    if (f) return f.wait.push(done);
    f = files[name] = {state: 1, wait: [done], data: null};
    var s = document.createElement("script");
    s.setAttribute("data-name", name);
    s.src = root + "search/" + name + (name === "manifest.js" ? "?" + fresh : "");
    s.onload = s.onerror = function () {
      f.state = 2;
      s.remove();
      f.wait.splice(0).forEach(function (cb) { cb(); });
    };
    document.head.appendChild(s);
  }
  function loadAll(names, done) {
    var left = names.length + 1;
    function one() { if (--left === 0) done(); }
    names.forEach(function (n) { load(n, one); });
    one();
  }
  function data(name) { var f = files[name]; return f && f.state === 2 ? f.data : undefined; }
  function manifest(done) {
    if (M) return done();
    fresh = fresh || Date.now();
    load("manifest.js", function () { M = data("manifest.js"); done(); });
  }

  /* ---------- text ---------- */
  function decode(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = ALPHA.indexOf(s[i]);
      if (v >= 32) n = n * 32 + v - 32; else { out.push(n * 32 + v); n = 0; }
    }
    return out;
  }
  function unfront(s) {
    var prev = "";
    return s ? s.split(",").map(function (e) {
      prev = prev.slice(0, ALPHA.indexOf(e[0])) + e.slice(1);
      return prev;
    }) : [];
  }
  function fold(s) {
    s = s.toLowerCase();
    if (!/^[\x00-\x7f]*$/.test(s)) {
      var out = "", prev = "";
      for (var ch of s.normalize("NFKD")) {
        if (!/\p{Mn}/u.test(ch) || ("\u0306\u0308".indexOf(ch) >= 0 && "иуі".indexOf(prev) >= 0)) out += ch;
        prev = ch;
      }
      s = out.normalize("NFC");
    }
    return s.replace(/['’ʼ]/g, "");
  }
  function sums(gaps) { var at = 0; return gaps.map(function (g) { return (at += g); }); }
  function tokenize(s) { return (s.match(WORD) || []).map(fold); }
  function key(w) { return Array.from(w).slice(0, 2).join(""); }

  /* ---------- query (as query.py) ---------- */
  function parse(text, typing) {
    text = text.slice(0, M.max[0]);
    var q = {words: [], phrases: [], without: [], tags: []}, items = [], m, re = /(-?)"([^"]*)"?|(\S+)/g;
    while ((m = re.exec(text))) items.push(m);
    items.forEach(function (m, i) {
      var bare = m[3], words;
      if (m[2] !== undefined) {
        words = tokenize(m[2]);
        if (m[1]) q.without.push(words);
        else { q.phrases.push(words); words.forEach(function (w) { q.words.push([w, false]); }); }
      } else if (bare[0] === "-" && bare.length > 1) q.without.push(tokenize(bare.slice(1)));
      else if (bare.toLowerCase().startsWith("tag:")) q.tags.push(bare.slice(4).toLowerCase());
      else {
        words = tokenize(bare);
        var prefix = bare.endsWith("*") || (typing && i === items.length - 1 && !/\s$/.test(text));
        words.forEach(function (w, j) { q.words.push([w, prefix && j === words.length - 1]); });
      }
    });
    var seen = {};
    q.words = q.words.filter(function (w) { var k = w[0] + "\0" + w[1]; return !seen[k] && (seen[k] = 1); }).slice(0, M.max[1]);
    q.without = q.without.filter(function (w) { return w.length; });
    q.phrases = q.phrases.filter(function (p) { return p.length > 1; });
    return q;
  }

  /* The lexicon of query.py, over dictionary shards; unloaded shards are noted in `need`. */
  /* Index of the last [first key, name] entry whose key is <= k. */
  function find(list, k) {
    var lo = 0, hi = list.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (list[mid][0] <= k) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function shard(w, need) {
    var name = M.dict[find(M.dict, key(w))][1], f = files[name];
    if (!f || f.state !== 2) { need[name] = 1; return null; }
    if (f.data && !f.parsed) f.parsed = parseShard(f.data);
    return f.parsed || {terms: {}, list: [], forms: {}, stops: {}};
  }
  function parseShard(d) {
    var list = unfront(d.t), df = decode(d.d), terms = {}, isWord = {}, forms = {}, stops = {}, prev = "";
    sums(decode(d.w)).forEach(function (i) { isWord[i] = 1; });
    list.forEach(function (t, i) { terms[t] = {df: df[i], word: !!isWord[i]}; });
    (d.f ? d.f.split(",") : []).forEach(function (e) {
      var c = e.indexOf(":");
      prev = prev.slice(0, ALPHA.indexOf(e[0])) + e.slice(1, c);
      var w = prev;
      forms[w] = e.slice(c + 1).split(" ").map(function (s) { return w.slice(0, w.length - ALPHA.indexOf(s[0])) + s.slice(1); });
    });
    d.s.forEach(function (s) { stops[s] = 1; });
    return {terms: terms, list: list, forms: forms, stops: stops};
  }
  function lexicon(need) {
    function sh(w) { return shard(w, need) || {terms: {}, list: [], forms: {}, stops: {}}; }
    return {
      isStop: function (w) { return !!sh(w).stops[w]; },
      forms: function (w) { return sh(w).forms[w] || null; },
      isTerm: function (t) { return !!sh(t).terms[t]; },
      completions: function (p) {
        var s = sh(p);
        return s.list.filter(function (t) { return t.startsWith(p); }).map(function (t) { return [t, s.terms[t].df]; });
      }
    };
  }
  function ignorable(L, w) { return L.isStop(w) || /^\p{N}+$/u.test(w); }
  function exactTerms(L, w) {
    if (ignorable(L, w)) return [];
    var f = L.forms(w);
    if (f && f.length) return f;
    if (L.isTerm(w)) return [w];
    for (var cut = 1; cut <= Math.min(M.stem[0], Math.floor(w.length / 3)); cut++) {
      if (w.length - cut < M.stem[1]) break;
      if (L.isTerm(w.slice(0, -cut))) return [w.slice(0, -cut)];
    }
    return [];
  }
  function alternatives(L, w, prefix) {
    var exact = exactTerms(L, w), found = exact.map(function (t) { return [t, 1.0]; });
    if (prefix && w.length >= M.prefix[0]) {
      var longer = L.completions(w).filter(function (c) { return exact.indexOf(c[0]) < 0; });
      longer.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
      longer.slice(0, M.prefix[1]).forEach(function (c) { found.push([c[0], M.prefix[2]]); });
    }
    return found;
  }
  function phraseParts(L, words) {
    var parts = [];
    words.forEach(function (w, i) { if (!ignorable(L, w)) parts.push([i, exactTerms(L, w)]); });
    return parts;
  }
  function plan(L, q) {
    var p = {groups: [], phrases: [], without: [], tags: q.tags, unknown: []};
    q.words.forEach(function (w) {
      var alts = alternatives(L, w[0], w[1]);
      if (alts.length) p.groups.push(alts); else if (!ignorable(L, w[0])) p.unknown.push(w[0]);
    });
    q.phrases.forEach(function (x) { x = phraseParts(L, x); if (x.length) p.phrases.push(x); });
    q.without.forEach(function (x) { x = phraseParts(L, x); if (x.length) p.without.push(x); });
    return p;
  }
  /* Resolve a query, loading the shards it turns out to need, then call done(plan). */
  function resolve(q, done) {
    var need = {}, p = plan(lexicon(need), q), names = Object.keys(need);
    if (!names.length) return done(p);
    loadAll(names, function () { resolve(q, done); });
  }

  /* ---------- scoring (whoosh BM25F, term by term) ---------- */
  function termInfo(t) { var s = shard(t, {}); return s && s.terms[t]; }
  function postFile(t) { return find(M.post, t); }
  function postings(t, table) {
    var i = postFile(t), d = data(table === "pos" ? M.pos[i] : M.post[i][1]);
    return (d && d[t]) || ["", ""];
  }
  function fieldPostings(t) {
    var cache = (files["#" + t] = files["#" + t] || {});
    if (!cache.p) cache.p = postings(t, "post").map(function (s) {
      var n = decode(s), out = [], doc = 0;
      for (var i = 0; i < n.length; i += 3) { doc += n[i]; out.push([doc, n[i + 1], n[i + 2]]); }
      return out;
    });
    return cache.p;
  }
  function termScores(t, factor) {
    var scores = new Map();
    fieldPostings(t).forEach(function (list, f) {
      if (!list.length) return;
      var idf = Math.log(M.n / (list.length + 1)) + 1, avg = M.lengths[f] / (M.n || 1), boost = M.boosts[f] * factor;
      list.forEach(function (p) {
        var s = idf * ((p[1] * (M.k1 + 1)) / (p[1] + M.k1 * ((1 - M.b) + M.b * p[2] / avg))) * boost;
        scores.set(p[0], (scores.get(p[0]) || 0) + s);
      });
    });
    return scores;
  }
  function positionsOf(t, f) {
    var cache = (files["#" + t] = files["#" + t] || {}), key = "x" + f;
    if (!cache[key]) {
      var gaps = decode(postings(t, "pos")[f]), list = fieldPostings(t)[f], map = new Map(), k = 0;
      list.forEach(function (p) {
        var at = [], pos = 0;
        for (var i = 0; i < p[1]; i++) { pos += gaps[k++]; at.push(pos); }
        map.set(p[0], at);
      });
      cache[key] = map;
    }
    return cache[key];
  }
  function phraseIn(parts, doc) {
    return [0, 1].some(function (f) {
      var starts = null;
      for (var i = 0; i < parts.length; i++) {
        var here = new Set();
        parts[i][1].forEach(function (t) { (positionsOf(t, f).get(doc) || []).forEach(function (p) { here.add(p - parts[i][0]); }); });
        starts = starts ? new Set(Array.from(starts).filter(function (s) { return here.has(s); })) : here;
        if (!starts.size) return false;
      }
      return true;
    });
  }
  function filesFor(p) {
    var post = {}, pos = {}, tags = p.tags.length && M.tags ? [M.tags] : [];
    function add(t, both) { var i = postFile(t); post[M.post[i][1]] = 1; if (both) pos[M.pos[i]] = 1; }
    p.groups.forEach(function (g) { g.forEach(function (a) { add(a[0], false); }); });
    p.phrases.concat(p.without).forEach(function (x) {
      x.forEach(function (part) { part[1].forEach(function (t) { add(t, x.length > 1); }); });
    });
    return Object.keys(post).concat(Object.keys(pos), tags);
  }
  function rank(p, byDate) {
    var total = null;
    p.groups.forEach(function (g) {
      var sum = new Map();
      g.forEach(function (a) { termScores(a[0], a[1]).forEach(function (s, d) { sum.set(d, (sum.get(d) || 0) + s); }); });
      if (!total) total = sum;
      else { var next = new Map(); total.forEach(function (s, d) { if (sum.has(d)) next.set(d, s + sum.get(d)); }); total = next; }
    });
    if (!total) { total = new Map(); if (p.tags.length) for (var d = 0; d < M.n; d++) total.set(d, 0); }
    p.tags.forEach(function (slug) {
      var tag = (data(M.tags) || []).filter(function (t) { return t[0] === slug; })[0];
      var has = new Set(tag ? sums(decode(tag[2])) : []);
      total.forEach(function (s, d) { if (!has.has(d)) total.delete(d); });
    });
    var found = [];
    total.forEach(function (s, d) {
      if (p.phrases.every(function (x) { return phraseIn(x, d); }) &&
          !p.without.some(function (x) { return x.length > 1 ? phraseIn(x, d) : x[0][1].some(function (t) { return fieldPostings(t).some(function (l) { return l.some(function (q) { return q[0] === d; }); }); }); }))
        found.push([d, s]);
    });
    return found.sort(function (a, b) { return (byDate ? 0 : b[1] - a[1]) || b[0] - a[0]; });
  }

  /* ---------- suggestions: nearest known words in the same shard ---------- */
  function distance(a, b) {
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
    return d[a.length][b.length];
  }
  function suggest(w) {
    var s = shard(w, {}), best = null, most = w.length > 4 ? 2 : 1;
    if (!s) return null;
    function consider(c, df) {
      if (c === w || key(c) !== key(w) || Math.abs(c.length - w.length) > most) return;
      var d = distance(w, c);
      if (d <= most && (!best || d < best[1] || (d === best[1] && (df > best[2] || (df === best[2] && c < best[0])))))
        best = [c, d, df];
    }
    s.list.forEach(function (t) { if (s.terms[t].word) consider(t, s.terms[t].df); });
    Object.keys(s.forms).forEach(function (f) {
      consider(f, Math.max.apply(null, s.forms[f].map(function (t) { var i = termInfo(t); return i ? i.df : 0; })));
    });
    return best && best[0];
  }

  /* ---------- one search: text -> ranked results with their texts ---------- */
  function record(d) { var r = data(M.docs[Math.floor(d / M.per)]); return r && r[d % M.per]; }
  function run(text, o, done) {
    manifest(function () {
      if (!M) return done({error: true});
      var q = parse(text, o.typing);
      if (o.tag) q.tags.push(o.tag);
      resolve(q, function (p) {
        if (p.unknown.length || !(p.groups.length || p.tags.length)) return done({plan: p, found: [], shown: []});
        loadAll(filesFor(p), function () {
          var found = rank(p, o.byDate), shown = found.slice(0, o.count), names = {};
          shown.forEach(function (d) { names[M.docs[Math.floor(d[0] / M.per)]] = 1; });
          loadAll(Object.keys(names), function () {
            done({plan: p, found: found, shown: shown.map(function (d) { return record(d[0]); }).filter(Boolean)});
          });
        });
      });
    });
  }
  /* Does a word of a result's text match the query? Uses the shards already loaded. */
  function matcher(p, q) {
    var terms = new Set(), prefixes = [], L = lexicon({}), seen = {};
    p.groups.forEach(function (g) { g.forEach(function (a) { terms.add(a[0]); }); });
    q.words.forEach(function (w) { if (w[1] && w[0].length >= M.prefix[0]) prefixes.push(w[0]); });
    return function (word) {
      var f = fold(word);
      if (!(f in seen)) seen[f] = exactTerms(L, f).some(function (t) { return terms.has(t); }) ||
        prefixes.some(function (x) { return f.startsWith(x); });
      return seen[f];
    };
  }

  /* ---------- the page ---------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function href(path, query) {
    var u = root + path;
    if (location.protocol === "file:" && /\/$/.test(u)) u += "index.html";
    return u + (query || "");
  }
  function marked(text, match) {
    var frag = document.createDocumentFragment(), last = 0;
    text.replace(WORD, function (m, at) {
      if (match(m)) { frag.append(text.slice(last, at), el("mark", "", m)); last = at + m.length; }
      return m;
    });
    frag.append(text.slice(last));
    return frag;
  }
  function excerpt(passages, match) {
    var best = passages[0] || "", most = 0;
    passages.forEach(function (s) {
      var n = new Set((s.match(WORD) || []).filter(match).map(fold)).size;
      if (n > most) { most = n; best = s; }
    });
    return best;
  }
  function item(r, i, match) {
    var li = el("li", "sg-result"), a = el("a");
    li.id = "sg-result-" + i;
    li.setAttribute("role", "option");
    if (r[5]) li.lang = r[5];
    a.href = href(r[1]);
    a.append(marked(r[0], match));
    var meta = [r[2]].concat(r[3]).filter(Boolean).join(" · ");
    li.append(a, el("p", "sg-excerpt"));
    li.lastChild.append(marked(excerpt(r[4], match), match));
    if (meta) li.append(el("p", "sg-meta", meta));
    return li;
  }
  function suggestion(text, p) {
    var fixes = {}, any = false;
    p.unknown.forEach(function (w) { var s = suggest(w); if (s) { fixes[w] = s; any = true; } });
    return any ? text.replace(WORD, function (m) { return fixes[fold(m)] || m; }) : "";
  }

  function Box(input, view) {
    var seq = 0, active = -1, timer = 0, self = this;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", view.list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    this.search = function (typing) {
      var text = input.value, mine = ++seq, o = view.options();
      o.typing = typing;
      view.list.setAttribute("aria-busy", "true");
      if (view.page) view.remember(text);
      if (!text.trim() && !o.tag) return show(null, text);
      run(text, o, function (res) { if (mine === seq) show(res, text, o); });
    };
    function show(res, text, o) {
      var list = view.list, status = view.status;
      list.setAttribute("aria-busy", "false");
      list.textContent = "";
      status.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      view.open(!!res);
      input.setAttribute("aria-expanded", res ? "true" : "false");
      if (!res) return;
      if (res.error) { status.textContent = "Search is unavailable: its index could not be loaded."; return; }
      var match = matcher(res.plan, parse(text, o.typing));
      res.shown.forEach(function (r, i) { list.append(item(r, i, match)); });
      if (!res.found.length) {
        status.append("No results for “" + text.trim() + "”.");
        var better = suggestion(text, res.plan);
        if (better) {
          var a = el("a", "sg-suggestion", better);
          a.href = href("search/", "?q=" + encodeURIComponent(better));
          a.addEventListener("click", function (e) { e.preventDefault(); input.value = better; self.search(false); });
          status.append(" Did you mean ", a, "?");
        }
      } else status.textContent = res.found.length === 1 ? "1 result" : res.found.length + " results";
      view.more(res.found.length > res.shown.length, text);
    }
    function move(by) {
      var items = view.list.children;
      if (!items.length) return;
      if (active >= 0) items[active].setAttribute("aria-selected", "false");
      active = Math.max(-1, Math.min(items.length - 1, active + by));
      if (active < 0) return input.removeAttribute("aria-activedescendant");
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({block: "nearest"});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.search(true); }, 30);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(e.key === "ArrowDown" ? 1 : -1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); location.href = view.list.children[active].querySelector("a").href; }
      else if (e.key === "Enter" && view.page) { e.preventDefault(); clearTimeout(timer); self.search(false); }
      else if (e.key === "Escape") { view.open(false); input.setAttribute("aria-expanded", "false"); }
    });
  }

  function dropdown(input) {
    var form = input.form, wrap = el("div", "sg-search-dropdown"), all = el("a", "sg-search-all");
    var view = {list: el("ol", "sg-search-results"), status: el("p", "sg-search-status"), page: false};
    view.list.id = "search-results";
    view.list.setAttribute("role", "listbox");
    view.status.setAttribute("role", "status");
    wrap.hidden = true;
    wrap.append(view.status, view.list, all);
    form.classList.add("sg-search-host");
    form.append(wrap);
    view.options = function () { return {count: DROPDOWN}; };
    view.open = function (on) { wrap.hidden = !on; };
    view.more = function (on, text) {
      all.hidden = !on;
      all.textContent = "All results";
      all.href = href("search/", "?q=" + encodeURIComponent(text));
    };
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) wrap.hidden = true; });
    input.addEventListener("focus", function () { if (view.list.children.length || view.status.textContent) wrap.hidden = false; });
    return new Box(input, view);
  }

  function searchPage(list, inputs) {
    var form = document.querySelector("form[data-search-page]"), params = new URLSearchParams(location.search);
    var sort = form.elements.sort, tag = form.elements.tag, more = document.getElementById("search-more"), count = PAGE;
    var view = {list: list, status: document.getElementById("search-status"), page: true};
    view.options = function () { return {count: count, byDate: sort.value === "date", tag: tag.value}; };
    view.open = function () {};
    view.more = function (on) { more.hidden = !on; };
    view.remember = function (text) {
      var u = new URLSearchParams();
      if (text) u.set("q", text);
      if (sort.value === "date") u.set("sort", "date");
      if (tag.value) u.set("tag", tag.value);
      history.replaceState(null, "", location.pathname + (u.toString() ? "?" + u : ""));
      inputs.forEach(function (i) { if (i.value !== text) i.value = text; });
    };
    var main = form.elements.q, boxes = inputs.map(function (i) { return new Box(i, view); });
    var box = boxes[inputs.indexOf(main)];
    main.value = params.get("q") || "";
    sort.value = params.get("sort") === "date" ? "date" : "relevance";
    form.addEventListener("submit", function (e) { e.preventDefault(); box.search(false); });
    [sort, tag].forEach(function (s) { s.addEventListener("change", function () { count = PAGE; box.search(false); }); });
    more.addEventListener("click", function () { count += PAGE; box.search(false); });
    manifest(function () {
      if (M && M.tags) load(M.tags, function () {
        (data(M.tags) || []).forEach(function (t) { var o = el("option", "", t[1]); o.value = t[0]; tag.append(o); });
        tag.value = params.get("tag") || "";
        tag.hidden = tag.options.length < 2;
      });
      box.search(false);
    });
    return main;
  }

  function start() {
    var inputs = Array.from(document.querySelectorAll("form[role=search] input[name=q]"));
    var list = document.getElementById("search-results"), primary;
    if (list && document.querySelector("form[data-search-page]")) primary = searchPage(list, inputs);
    else inputs.forEach(function (i) { dropdown(i); primary = primary || i; });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !primary) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
      e.preventDefault();
      primary.focus();
      primary.select();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
