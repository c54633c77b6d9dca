import { VERSION } from '../../audit/version.js';

/**
 * The small web page at / for people who do not write HTTP calls: enter a key, upload a file,
 * pick or paste a policy, watch progress, open the report. Plain HTML and one script from this
 * server; nothing from elsewhere, so it works offline. Every value from the server is written
 * with textContent, never as HTML.
 */
export function renderPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hireaudit</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header><h1>hireaudit</h1><p>Audit an algorithmic hiring tool from its decisions. <a href="/docs">API documentation</a> · version ${VERSION}</p></header>
<main>
<section id="key-step">
  <h2>1. Your API key</h2>
  <form id="key-form">
    <label for="key">API key <small>(from <code>hireaudit keys create</code>; kept in this tab only)</small></label>
    <input id="key" name="key" type="password" autocomplete="off" required>
    <button type="submit" id="key-use">Use this key</button>
  </form>
  <p id="key-status" role="status"></p>
</section>
<section id="upload-step" hidden>
  <h2>2. Dataset</h2>
  <form id="upload-form">
    <label for="file">CSV, TSV, Parquet, JSON or NDJSON file (one row per candidate per stage)</label>
    <input id="file" name="file" type="file" accept=".csv,.tsv,.tab,.parquet,.json,.ndjson,.jsonl" required>
    <button type="submit" id="upload">Upload</button>
  </form>
  <p id="upload-status" role="status"></p>
  <ul id="upload-issues"></ul>
</section>
<section id="audit-step" hidden>
  <h2>3. Policy and audit</h2>
  <form id="audit-form">
    <label for="stored-policy">A stored policy</label>
    <select id="stored-policy"><option value="">— paste one below instead —</option></select>
    <label for="policy">or a policy as JSON (the same fields as a policy file)</label>
    <textarea id="policy" rows="8" spellcheck="false">{
  "protected": ["gender"]
}</textarea>
    <button type="submit" id="start">Start the audit</button>
  </form>
  <p id="audit-status" role="status"></p>
  <progress id="audit-progress" max="1" value="0" hidden></progress>
  <ul id="audit-issues"></ul>
</section>
<section id="result-step" hidden>
  <h2>4. Result</h2>
  <p id="result-summary"></p>
  <p><a id="open-report" href="#" target="_blank" rel="noopener">Open the HTML report</a> ·
     <a id="open-json" href="#" download="audit-result.json">AuditResult (JSON)</a> ·
     <a id="open-sig" href="#" download="audit-result.json.sig">signature</a> ·
     <a id="open-md" href="#" download="summary.md">Markdown summary</a></p>
</section>
</main>
<script src="/app.js"></script>
</body>
</html>
`;
}

export const PAGE_CSS = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header, main { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header h1 { margin-bottom: 0; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 1rem 1rem; margin: 1rem 0; }
label { display: block; margin: 0.75rem 0 0.25rem; }
input[type=password], select, textarea { width: 100%; box-sizing: border-box; font: inherit; }
textarea { font-family: ui-monospace, monospace; font-size: 14px; }
button { margin-top: 0.75rem; font: inherit; padding: 0.3rem 1rem; }
progress { width: 100%; }
.error { color: #b00020; }
ul:empty { display: none; }
`;

/** The page's script: fetch() calls to the API with the key from the form. */
export const PAGE_SCRIPT = `'use strict';
(function () {
  var key = sessionStorage.getItem('hireaudit-key') || '';
  var datasetId = null;
  var $ = function (id) { return document.getElementById(id); };
  function say(id, text, isError) { var el = $(id); el.textContent = text; el.className = isError ? 'error' : ''; }
  function list(id, items) {
    var ul = $(id); ul.textContent = '';
    (items || []).slice(0, 50).forEach(function (it) {
      var li = document.createElement('li');
      li.textContent = typeof it === 'string' ? it : describeIssue(it);
      ul.appendChild(li);
    });
  }
  function describeIssue(i) {
    var where = [i.file];
    if (i.line !== null && i.line !== undefined) where.push((i.lineKind || 'line') + ' ' + i.line);
    if (i.column) where.push('column "' + i.column + '"');
    return where.join(' ') + ': expected ' + i.expected + (i.value !== null && i.value !== undefined ? ', got ' + JSON.stringify(i.value) : '');
  }
  function api(method, path, body, type) {
    var headers = { authorization: 'Bearer ' + key };
    if (type) headers['content-type'] = type;
    return fetch(path, { method: method, headers: headers, body: body }).then(function (res) {
      var ct = res.headers.get('content-type') || '';
      var parsed = ct.indexOf('json') >= 0 ? res.json() : res.blob();
      return parsed.then(function (data) {
        if (!res.ok) { var e = new Error((data && data.detail) || res.statusText); e.problem = data; throw e; }
        return data;
      });
    });
  }
  function useKey() {
    return api('GET', '/v1/tenant').then(function (t) {
      say('key-status', 'Tenant ' + t.id + ', role ' + t.role + '.');
      $('upload-step').hidden = false;
      return api('GET', '/v1/policies?limit=200').then(function (p) {
        var sel = $('stored-policy');
        while (sel.options.length > 1) sel.remove(1);
        p.items.forEach(function (it) { var o = document.createElement('option'); o.value = it.id; o.textContent = it.id + ' (' + it.createdAt.slice(0, 10) + ')'; sel.appendChild(o); });
      });
    }).catch(function (e) { say('key-status', 'This key was refused: ' + e.message, true); });
  }
  $('key-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    key = $('key').value.trim();
    sessionStorage.setItem('hireaudit-key', key);
    useKey();
  });
  $('upload-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var file = $('file').files[0];
    if (!file) return;
    var form = new FormData();
    form.append('file', file, file.name);
    say('upload-status', 'Uploading and checking ' + file.name + ' …');
    list('upload-issues', []);
    api('POST', '/v1/datasets', form).then(function (d) {
      datasetId = d.id;
      say('upload-status', 'Stored as ' + d.id + '.');
      $('audit-step').hidden = false;
    }).catch(function (e) {
      say('upload-status', 'Refused: ' + e.message, true);
      list('upload-issues', e.problem && e.problem.issues);
    });
  });
  $('audit-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var stored = $('stored-policy').value;
    var policy;
    if (stored) policy = stored;
    else {
      try { policy = JSON.parse($('policy').value || '{}'); }
      catch (e) { say('audit-status', 'The policy is not JSON: ' + e.message, true); return; }
    }
    list('audit-issues', []);
    $('result-step').hidden = true;
    api('POST', '/v1/audits', JSON.stringify({ dataset: datasetId, policy: policy }), 'application/json').then(function (a) {
      say('audit-status', 'Audit ' + a.id + ' queued.');
      poll(a.id);
    }).catch(function (e) {
      say('audit-status', 'Refused: ' + e.message, true);
      list('audit-issues', e.problem && e.problem.issues);
    });
  });
  function poll(id) {
    api('GET', '/v1/audits/' + id).then(function (a) {
      var bar = $('audit-progress');
      bar.hidden = false;
      bar.value = a.progress ? a.progress.fraction : 0;
      var phase = a.progress ? ' (' + a.progress.phase + (a.progress.family ? ': ' + a.progress.family : '') + ')' : '';
      say('audit-status', 'Audit ' + a.id + ': ' + a.status + phase, a.status === 'failed');
      if (a.status === 'done') return showResult(a);
      if (a.status === 'failed') return list('audit-issues', (a.error && a.error.issues) || [a.error && a.error.detail]);
      if (a.status === 'queued' || a.status === 'running') setTimeout(function () { poll(id); }, 500);
    }).catch(function (e) { say('audit-status', e.message, true); });
  }
  function link(id, path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + key } }).then(function (res) {
      if (!res.ok) throw new Error('could not fetch ' + path + ' (' + res.status + ')');
      return res.blob();
    }).then(function (blob) { $(id).href = URL.createObjectURL(blob); });
  }
  function showResult(a) {
    Promise.all([
      link('open-report', a.outputs['report.html']),
      link('open-json', a.outputs.result),
      link('open-sig', a.outputs['result.sig']),
      link('open-md', a.outputs['summary.md']),
    ]).then(function () {
      say('result-summary', 'Done in ' + (a.timings.runMs / 1000).toFixed(1) + ' s. Raw data: ' + a.retention.rawData.status +
        (a.retention.rawData.until ? ' until ' + a.retention.rawData.until.slice(0, 10) : '') + '; results are kept.');
      $('result-step').hidden = false;
    }).catch(function (e) { say('result-summary', e.message, true); });
  }
  if (key) { $('key').value = key; useKey(); }
})();
`;
