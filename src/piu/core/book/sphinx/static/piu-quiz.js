/* Quiz du cours piu : vérifie les réponses dans le navigateur, sans noyau ni réseau.
 *
 * Chaque bloc .piu-quiz porte dans data-piu ce que produit piu/web_payload.py :
 * les bonnes réponses sous forme d'empreintes SHA-256 salées, les retours encodés.
 * Les règles de lecture (nombres à la française, textes sans accents) sont les mêmes
 * qu'en Python (piu/french_numbers.py, piu/text.py) ; le test navigateur le vérifie.
 * La progression est gardée dans le navigateur (localStorage).
 */
(function () {
  "use strict";

  var STORE = "piu-progres-v1";
  var EXAMPLES = "par exemple 100\u202f000, 100\u202f000,50\u00a0€, 100k€ ou 1,5\u00a0M€";

  /* ---- Lecture des réponses (jumeau de piu/text.py et piu/french_numbers.py) ---- */

  function normaliser(texte) {
    return String(texte).normalize("NFKD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* ---- Citations juridiques (jumeau de piu/core/questions/citations.py : cle_texte) ----
   * « L. 1111-10 », « art. L1111-10 du CGCT », « CE 29 juillet 1994 », « aff. C-532/06 » :
   * une réponse qui cite une règle est lue en éléments triés (art:l1111-10 code:cgct) ;
   * les empreintes du livre sont calculées sur cette forme. Garder les deux en phase. */
  var MOIS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre"];
  var NOMMES = [
    ["conseil d ?etat", "jur:ce"],
    ["cour de justice (?:de l ?union europeenne|des communautes europeennes)", "jur:cj"],
    ["cour de justice", "jur:cj"],
    ["conseil constitutionnel", "jur:cc"],
    ["cour de cassation", "jur:cass"],
    ["code general des collectivites territoriales", "code:cgct"],
    ["code de la commande publique", "code:ccp"],
    ["code general de la propriete des personnes publiques", "code:cg3p"],
    ["code penal", "code:penal"],
    ["cjue|cjce|cj|tjue", "jur:cj"],
    ["cass", "jur:cass"],
    ["cgct", "code:cgct"],
    ["ccp", "code:ccp"],
    ["cg3p|cgppp", "code:cg3p"]
  ];
  var MARQUES = ["arret", "aff", "affaire", "decision", "jurisprudence", "req", "requete"];
  var VIDES = ["art", "article", "articles", "du", "de", "des", "la", "le", "les", "l", "d", "code",
    "numero", "et", "al", "alinea", "ea", "e", "a", "cour", "dans", "en", "au", "aux", "par", "sur",
    "cf", "voir"].concat(MARQUES);
  var ROMAINS = "i|ii|iii|iv|v|vi|vii|viii|ix|x";

  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function laDate(day, month, year) {
    var d = parseInt(day, 10);
    return (month >= 1 && month <= 12 && d >= 1 && d <= 31) ? "date:" + year + "-" + pad2(month) + "-" + pad2(d) : null;
  }

  function elementsCitation(texte) {
    var plain = String(texte).normalize("NFKD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]/g, "")
      .toLowerCase().replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/\bn\s*(?:°|o\b\.?)\s*(?=[0-9])/g, " numero ");
    var text = " " + plain + " ";
    var found = [];
    function take(pattern, make) {
      text = text.replace(new RegExp(pattern, "g"), function () {
        var made = make(arguments);
        if (made === null) { return arguments[0]; }
        found.push(made);
        return " ";
      });
    }
    function compact(s) { return s.replace(/\s+/g, ""); }
    take("\\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\\b", function (m) { return laDate(m[3], parseInt(m[2], 10), m[1]); });
    take("\\b([0-9]{1,2})\\s*[/.-]\\s*([0-9]{1,2})\\s*[/.-]\\s*([0-9]{4})\\b", function (m) { return laDate(m[1], parseInt(m[2], 10), m[3]); });
    take("\\b([0-9]{1,2})(?:er)?\\s+(" + MOIS.join("|") + ")\\s+([0-9]{4})\\b", function (m) { return laDate(m[1], MOIS.indexOf(m[2]) + 1, m[3]); });
    take("\\b([ct])\\s*-?\\s*([0-9]{1,4})\\s*/\\s*([0-9]{2})\\b", function (m) { return "aff:" + m[1] + "-" + parseInt(m[2], 10) + "/" + m[3]; });
    take("\\b(lo|l|r|d)\\s*\\.?\\s*([0-9]{1,4}(?:\\s*-\\s*[0-9]{1,4}){0,3})\\b", function (m) { return "art:" + m[1] + compact(m[2]); });
    take("\\b([0-9]{1,4}(?:\\s*-\\s*[0-9]{1,4}){1,3})\\b", function (m) { return "art:" + compact(m[1]); });
    take("\\bnumero\\s*([0-9]{3,7})\\b", function (m) { return "num:" + m[1]; });
    take("\\b([0-9]{5,7})\\b", function (m) { return "num:" + m[1]; });
    if (found.some(function (e) { return e.indexOf("art:") === 0; })) {
      take("\\b([0-9]{1,2})\\s*°", function (m) { return "al:" + m[1]; });
      take("\\bal(?:inea)?\\s*\\.?\\s*([0-9]{1,2})\\b", function (m) { return "al:" + m[1]; });
      take("\\b(" + ROMAINS + ")\\b", function (m) { return "al:" + m[1]; });
    }
    text = " " + normaliser(text).split(" ").filter(Boolean).join(" ") + " ";
    NOMMES.forEach(function (pair) {
      take("(?<= )(?:" + pair[0] + ")(?= )", function () { return pair[1]; });
    });
    if (/\bC\.?\s?E\b/.test(String(texte)) || found.some(function (e) { return e.indexOf("date:") === 0 || e.indexOf("num:") === 0; })) {
      take("(?<= )c ?e(?= )", function () { return "jur:ce"; });
    }
    var rest = normaliser(text).split(" ").filter(Boolean);
    var marked = rest.some(function (w) { return MARQUES.indexOf(w) >= 0; });
    var name = rest.filter(function (w) { return VIDES.indexOf(w) < 0; }).sort();
    if (name.length) { found.push("nom:" + name.join(" ")); }
    var cites = marked || found.some(function (e) {
      return ["art", "aff", "num", "jur", "date"].indexOf(e.split(":")[0]) >= 0;
    });
    var unique = found.filter(function (e, i) { return found.indexOf(e) === i; }).sort();
    return { elements: unique, cites: cites };
  }

  function cleTexte(texte) {
    var parsed = elementsCitation(texte);
    if (parsed.cites && parsed.elements.length) { return parsed.elements.join(" "); }
    return normaliser(texte);
  }

  var MULTIPLIERS = { "": 1, k: 1e3, m: 1e6, md: 1e9, mds: 1e9, mrd: 1e9, millier: 1e3,
    milliers: 1e3, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 };
  var UNIT_WORDS = ["€", "eur", "euro", "euros", "ht", "%", "pourcent"];

  function Illisible(message) { this.message = message; }

  function digitsToNumber(body) {
    var commas = (body.match(/,/g) || []).length;
    var dots = (body.match(/\./g) || []).length;
    if (commas > 1) { throw new Error("sep"); }
    if (commas === 1) {
      var parts = body.split(","), whole = parts[0], frac = parts[1];
      if (/^[1-9]\d{0,2}$/.test(whole) && frac.length === 3 && dots === 0) { throw new Error("ambigu"); }
      if (frac.indexOf(".") >= 0) { throw new Error("sep"); }
      if (/^\d{1,3}(\.\d{3})*$/.test(whole)) { whole = whole.replace(/\./g, ""); }
      if (whole.indexOf(".") >= 0) { throw new Error("sep"); }
      return parseFloat((whole || "0") + "." + (frac || "0"));
    }
    if (dots > 1) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(body)) { throw new Error("sep"); }
      return parseFloat(body.replace(/\./g, ""));
    }
    if (/^[1-9]\d{0,2}\.\d{3}$/.test(body)) { return parseFloat(body.replace(".", "")); }
    if (!/^(\d+\.?\d*|\.\d+)$/.test(body)) { throw new Error("sep"); }
    return parseFloat(body);
  }

  function lireNombre(texte, unite) {
    var raw = String(texte).trim();
    if (!raw) { throw new Illisible("La réponse est vide\u00a0: tapez un nombre, " + EXAMPLES + "."); }
    if (raw.length > 80) { throw new Illisible("Réponse trop longue\u00a0: tapez seulement le nombre, " + EXAMPLES + "."); }
    var compact = raw.toLowerCase().replace(/[\s\u00a0\u202f\u2009']+/g, "").replace(/\u2212/g, "-");
    if (compact.indexOf("ttc") >= 0) {
      throw new Illisible("Vous avez indiqué un montant TTC\u00a0: la question attend un montant hors taxes (HT).");
    }
    var m = /^([+-]?)(\d[\d.,]*|[.,]\d+)(e[+-]?\d+)?(.*)$/.exec(compact);
    if (!m) { throw new Illisible("«\u00a0" + raw + "\u00a0» n’est pas un nombre lisible\u00a0: tapez " + EXAMPLES + "."); }
    var rest = m[4];
    var words = UNIT_WORDS.slice();
    if (unite) { words.push(unite.toLowerCase().replace(/[\s\u00a0\u202f\u2009']+/g, "")); }
    words.sort(function (a, b) { return b.length - a.length; });
    var changed = true;
    while (changed && rest) {
      changed = false;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (w && rest.length >= w.length && rest.slice(rest.length - w.length) === w) {
          rest = rest.slice(0, rest.length - w.length); changed = true;
        }
      }
    }
    if (!Object.prototype.hasOwnProperty.call(MULTIPLIERS, rest)) {
      throw new Illisible("Je ne comprends pas «\u00a0" + raw + "\u00a0»\u00a0: après le nombre, seuls €, HT, %, k (milliers), " +
        "M (millions) ou Md (milliards) sont compris\u202f; tapez " + EXAMPLES + ".");
    }
    var value;
    try { value = digitsToNumber(m[2]); } catch (e) {
      if (e.message === "ambigu") {
        var w = m[2].split(",")[0], f = m[2].split(",")[1];
        throw new Illisible("«\u00a0" + raw + "\u00a0» est ambigu\u00a0: pour " + w + " " + f + ", tapez «\u00a0" + w + " " + f +
          "\u00a0» (espace entre les milliers)\u202f; pour un nombre décimal, tapez «\u00a0" + (f.replace(/0+$/, "") ? w + "," + f.replace(/0+$/, "") : w) + "\u00a0».");
      }
      throw new Illisible("«\u00a0" + raw + "\u00a0»\u00a0: les séparateurs ne sont pas clairs. Utilisez la virgule pour les " +
        "décimales et l’espace pour les milliers, " + EXAMPLES + ".");
    }
    if (m[3]) {
      var exp = parseInt(m[3].slice(1), 10);
      if (Math.abs(exp) > 30) { throw new Illisible("«\u00a0" + raw + "\u00a0»\u00a0: ce nombre est hors de portée."); }
      value *= Math.pow(10, exp);
    }
    value *= MULTIPLIERS[rest];
    return m[1] === "-" ? -value : value;
  }

  function formatNombre(v) {
    return v.toLocaleString("fr-FR", { maximumFractionDigits: 2 });
  }

  /* ---- Empreintes et décodage ---- */

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* SHA-256 en JavaScript pur (FIPS 180-4), pour les pages servies en HTTP simple sur un
     intranet : hors contexte sécurisé (HTTPS ou localhost), le navigateur ne fournit pas
     crypto.subtle. Même résultat, un peu plus lent : quelques dizaines d'octets par réponse. */
  var K = [];
  (function () {
    var n = 2, found = 0;
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) >>> 0; }
    while (found < 64) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) { if (n % d === 0) { prime = false; break; } }
      if (prime) { K[found++] = frac(Math.pow(n, 1 / 3)); }
      n++;
    }
  })();

  function sha256(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length, total = ((length + 9 + 63) >> 6) << 6;
    var m = new Uint8Array(total);
    m.set(bytes);
    m[length] = 0x80;
    var bits = length * 8;
    for (var b = 0; b < 8; b++) { m[total - 1 - b] = (bits / Math.pow(2, 8 * b)) & 0xff; }
    var w = new Array(64);
    function rotr(x, r) { return (x >>> r) | (x << (32 - r)); }
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + bb) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) {
      out[4 * i] = h[i] >>> 24; out[4 * i + 1] = (h[i] >>> 16) & 0xff;
      out[4 * i + 2] = (h[i] >>> 8) & 0xff; out[4 * i + 3] = h[i] & 0xff;
    }
    return out.buffer;
  }

  function digest(sel, canonical) {
    var bytes = new TextEncoder().encode(sel + ":" + canonical);
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", bytes).then(hex);
    }
    return Promise.resolve(hex(sha256(bytes)));
  }

  function decode(sel, encoded) {
    var raw = atob(encoded), key = new TextEncoder().encode(sel);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i) ^ key[i % key.length]; }
    return new TextDecoder().decode(out);
  }

  /* ---- Progression dans le navigateur ---- */

  function readProgress() {
    try { return JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }

  function record(q, juste) {
    var all = readProgress();
    var entry = all[q.id] || { m: q.module, t: 0, j: false };
    entry.t += 1; entry.j = entry.j || juste; entry.d = new Date().toISOString();
    all[q.id] = entry;
    try { localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* stockage plein ou interdit */ }
    refreshSummaries();
    /* Pour piu-scorm.js (le livre dans une plateforme SCORM) : une réponse vient d'être donnée. */
    document.dispatchEvent(new CustomEvent("piu-reponse", { detail: { id: q.id, module: q.module, juste: juste } }));
  }

  /* ---- Correction (mêmes règles que piu/grading.py) ---- */

  function checked(form) {
    return Array.prototype.map.call(form.querySelectorAll("input:checked"), function (i) { return i.value; });
  }

  function selects(form) {
    var out = [];
    form.querySelectorAll("select[data-element]").forEach(function (s) {
      out.push({ id: s.getAttribute("data-element"), v: s.value });
    });
    return out;
  }

  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }

  function judge(q, form) {
    var sel = q.sel;
    if (q.type === "choix-unique") {
      var one = checked(form);
      if (one.length !== 1) { return Promise.reject(new Illisible("Choisissez une réponse.")); }
      return digest(sel, "opt:" + one[0]).then(function (h) {
        return { juste: q.ok.indexOf(h) >= 0, retour: decode(sel, q.fb[h]) };
      });
    }
    if (q.type === "choix-multiple") {
      var many = checked(form);
      if (!many.length) { return Promise.reject(new Illisible("Cochez au moins une réponse.")); }
      return Promise.all(many.map(function (id) { return digest(sel, "opt:" + id); })).then(function (hs) {
        var parts = [], good = 0;
        hs.forEach(function (h, i) {
          if (q.ok.indexOf(h) >= 0) { good += 1; } else { parts.push("«\u00a0" + q.textes[many[i]] + "\u00a0»\u00a0: " + decode(sel, q.fb[h])); }
        });
        var missing = q.ok.length - good;
        if (!parts.length && !missing) { return { juste: true, retour: decode(sel, q.juste) }; }
        if (missing) { parts.push("Il manque " + plural(missing, "bonne") + " réponse" + (missing > 1 ? "s" : "") + "."); }
        return { juste: false, retour: parts.join(" ") };
      });
    }
    if (q.type === "numerique") {
      var value;
      try { value = lireNombre(form.querySelector("input").value, q.unite); } catch (e) { return Promise.reject(e); }
      var s = JSON.parse(decode(sel, q.num));
      var near = function (a, b, t) { return Math.abs(a - b) <= t + 1e-9 * Math.max(1, Math.abs(b)); };
      if (near(value, s.v, s.t)) { return Promise.resolve({ juste: true, retour: decode(sel, q.juste) }); }
      for (var i = 0; i < s.e.length; i++) {
        if (near(value, s.e[i].v, s.e[i].t)) { return Promise.resolve({ juste: false, retour: s.e[i].r }); }
      }
      return Promise.resolve({ juste: false, retour: formatNombre(value) + " : " + decode(sel, q.faux) });
    }
    if (q.type === "texte") {
      var typed = form.querySelector("input").value;
      if (!normaliser(typed)) { return Promise.reject(new Illisible("La réponse est vide\u00a0: tapez quelques mots.")); }
      var given = cleTexte(typed);
      return digest(sel, "txt:" + given).then(function (h) {
        if (q.ok.indexOf(h) >= 0) { return { juste: true, retour: decode(sel, q.juste) }; }
        return { juste: false, retour: q.fb[h] ? decode(sel, q.fb[h]) : decode(sel, q.faux) };
      });
    }
    var rows = selects(form);
    if (rows.some(function (r) { return !r.v; })) {
      return Promise.reject(new Illisible(q.type === "ordre" ? "Donnez un rang à chaque élément." : "Associez chaque élément."));
    }
    var canon;
    if (q.type === "ordre") {
      var ranks = rows.map(function (r) { return r.v; });
      if (new Set(ranks).size !== ranks.length) { return Promise.reject(new Illisible("Chaque rang ne peut servir qu’une fois.")); }
      canon = rows.map(function (r) { return "pos:" + (parseInt(r.v, 10) - 1) + "=" + r.id; });
    } else {
      canon = rows.map(function (r) { return "pair:" + r.id + "=" + r.v; });
    }
    return Promise.all(canon.map(function (c) { return digest(sel, c); })).then(function (hs) {
      var good = hs.filter(function (h) { return q.ok.indexOf(h) >= 0; }).length;
      if (good === q.ok.length) { return { juste: true, retour: decode(sel, q.juste) }; }
      var head = q.type === "ordre"
        ? plural(good, "élément") + " sur " + q.ok.length + " à la bonne place. "
        : plural(good, "association") + " juste" + (good > 1 ? "s" : "") + " sur " + q.ok.length + ". ";
      return { juste: false, retour: head + decode(sel, q.faux) };
    });
  }

  /* ---- Affichage ---- */

  function showState(block, q) {
    var entry = readProgress()[q.id];
    var badge = block.querySelector(".piu-etat");
    if (!badge) { return; }
    if (entry && entry.j) { badge.textContent = "✔ Réussie"; badge.className = "piu-etat piu-reussie"; }
    else if (entry) { badge.textContent = "À retravailler"; badge.className = "piu-etat piu-a-revoir"; }
    else { badge.textContent = ""; badge.className = "piu-etat"; }
  }

  function setup(block) {
    var q;
    try { q = JSON.parse(block.getAttribute("data-piu")); } catch (e) { return; }
    if (!q) return;  // a block of a graded evaluation: no key, nothing to check in the page
    var form = block.querySelector("form"), out = block.querySelector(".piu-retour");
    showState(block, q);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      judge(q, form).then(function (v) {
        record(q, v.juste);
        out.className = "piu-retour " + (v.juste ? "piu-juste" : "piu-faux");
        out.innerHTML = "<p><strong>" + (v.juste ? "✔ Juste" : "✘ Pas encore") + "</strong> — " + v.retour + "</p>" +
          (v.juste ? '<div class="piu-explication">' + decode(q.sel, q.expl) + "</div>" : "");
        showState(block, q);
      }, function (err) {
        out.className = "piu-retour piu-illisible";
        out.textContent = err && err.message ? err.message : "Réponse illisible.";
      });
    });
  }

  /* Tableau de progression : blocs .piu-progres portant le nombre de questions par module. */
  function refreshSummaries() {
    var all = readProgress();
    document.querySelectorAll(".piu-progres").forEach(function (box) {
      var modules = JSON.parse(box.getAttribute("data-modules"));
      box.querySelectorAll("tr[data-module]").forEach(function (row) {
        var m = parseInt(row.getAttribute("data-module"), 10), done = 0, tried = 0;
        Object.keys(all).forEach(function (id) {
          if (all[id].m === m) { tried += 1; if (all[id].j) { done += 1; } }
        });
        row.querySelector(".piu-reussies").textContent = done + " / " + modules[m];
        row.querySelector(".piu-tentees").textContent = String(tried);
      });
      showToRework(box, all);
    });
  }

  /* Les questions tentées sans succès, chacune avec un lien vers sa page (index écrit à la
     construction du livre : window.piuQuestions). */
  function showToRework(box, all) {
    var zone = box.querySelector(".piu-a-retravailler");
    if (!zone) { return; }
    var list = zone.querySelector("ul"), index = window.piuQuestions || {};
    var root = box.getAttribute("data-racine") || "";
    var ids = Object.keys(all).filter(function (id) { return all[id] && !all[id].j; });
    ids.sort(function (a, b) { return (all[a].m - all[b].m) || (a < b ? -1 : a > b ? 1 : 0); });
    list.textContent = "";
    ids.forEach(function (id) {
      var item = document.createElement("li"), place = index[id];
      if (place) {
        var link = document.createElement("a");
        link.href = root + place.page + "#piu-q-" + id;
        link.textContent = place.titre;
        item.appendChild(link);
      } else {
        item.textContent = id;
      }
      item.appendChild(document.createTextNode(" (module " + all[id].m + ")"));
      list.appendChild(item);
    });
    zone.querySelector(".piu-a-retravailler-vide").hidden = ids.length > 0;
  }

  function init() {
    document.querySelectorAll(".piu-quiz").forEach(setup);
    document.querySelectorAll(".piu-progres-effacer").forEach(function (b) {
      b.addEventListener("click", function () {
        if (window.confirm("Effacer la progression enregistrée dans ce navigateur\u202f?")) {
          localStorage.removeItem(STORE);
          document.querySelectorAll(".piu-quiz[data-piu]").forEach(function (block) {
            showState(block, JSON.parse(block.getAttribute("data-piu")));
          });
          refreshSummaries();
        }
      });
    });
    refreshSummaries();
  }

  window.piuQuiz = { normaliser: normaliser, cleTexte: cleTexte, lireNombre: lireNombre, Illisible: Illisible,
    sha256Hex: function (texte) { return hex(sha256(new TextEncoder().encode(texte))); } };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
