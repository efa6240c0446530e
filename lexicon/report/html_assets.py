"""Style and script of the HTML report, inlined so the file needs no network and no other file."""

CSS = """
:root { --error: #b3261e; --warning: #9a6700; --info: #0b6bcb; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; position: sticky; top: 0; z-index: 2; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 0 0 8px; } h3 { font-size: 15px; margin: 16px 0 8px; }
main { padding: 16px 24px; max-width: 1400px; }
.totals span.count { font-weight: 600; }
.filters { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin-top: 8px; }
.filters label { white-space: nowrap; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bars { white-space: nowrap; }
.bar { display: inline-block; height: 10px; border-radius: 2px; vertical-align: middle; }
.bar.error { background: var(--error); } .bar.warning { background: #d4a72c; } .bar.info { background: var(--info); }
.bar.agreed { background: #2da44e; } .bar.rest { background: #e6e8eb; }
.doc { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; }
.text { white-space: pre-wrap; font: 14px/1.6 ui-monospace, SFMono-Regular, Menlo, monospace; background: #fbfbfc;
        border: 1px solid var(--line); border-radius: 6px; padding: 12px; max-height: 70vh; overflow: auto; }
mark { border-radius: 3px; padding: 0 1px; background: none; }
mark.error { background: #ffd7d5; border-bottom: 2px solid var(--error); }
mark.warning { background: #fff1c2; border-bottom: 2px solid #d4a72c; }
mark.info { background: #ddf4ff; border-bottom: 2px solid var(--info); }
mark.selected { outline: 2px solid #1f2328; }
mark.off { background: none; border-bottom: none; }
.panel { max-height: 70vh; overflow: auto; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 8px 10px; margin-bottom: 8px; background: #fff; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: #d4a72c; } .finding.info { border-left-color: var(--info); }
.finding .sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.finding.error .sev { color: var(--error); } .finding.warning .sev { color: var(--warning); } .finding.info .sev { color: var(--info); }
.finding .where, .finding .ref, .finding .def { color: var(--muted); font-size: 13px; }
.finding .suggest { color: #1a7f37; font-weight: 600; }
.hidden { display: none !important; }
details > summary { cursor: pointer; font-weight: 600; }
.note { color: var(--muted); font-size: 13px; }
@media (max-width: 900px) { .doc { grid-template-columns: 1fr; } }
"""

JS = """
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=severity]'));
  var concept = document.getElementById('filter-concept');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    function wanted(el) { return on[el.dataset.severity] && (!concept.value || el.dataset.concept === concept.value); }
    var shown = 0;
    document.querySelectorAll('.finding').forEach(function (el) {
      var ok = wanted(el);
      el.classList.toggle('hidden', !ok);
      if (ok) { shown += 1; }
    });
    document.querySelectorAll('mark[data-severity]').forEach(function (m) { m.classList.toggle('off', !wanted(m)); });
    document.getElementById('shown').textContent = String(shown);
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  concept.addEventListener('change', apply);
  document.addEventListener('click', function (event) {
    var link = event.target.closest('[data-target]');
    var el = link && document.getElementById(link.dataset.target);
    if (!el) { return; }
    event.preventDefault();
    var details = el.closest('details');
    if (details) { details.open = true; }
    document.querySelectorAll('mark.selected').forEach(function (m) { m.classList.remove('selected'); });
    if (el.tagName === 'MARK') { el.classList.add('selected'); }
    el.scrollIntoView({block: 'center'});
  });
  apply();
})();
"""
