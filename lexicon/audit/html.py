"""report.html: one self-contained page (no script, no network) with the audit's totals,
four charts and the table behind each chart.

Charts are SVG drawn by pygal into the page, without its scripts: they render offline in
any browser, print and archive well, and are the same bytes on every run (fixed SVG ids, no
date), so the report of the Dask engine equals the local engine's.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Callable
from typing import Any

from lexicon.audit.aggregate import Share, Totals

TOP = 15
WARM_AFTER = 0.3  # seconds: a run still going then imports pygal for its report ahead of time
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6rem 0}td,th{padding:.2rem .7rem;border-bottom:1px solid #eee;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#555;font-size:.9rem}
figure{margin:.6rem 0}svg{max-width:100%;height:auto}details{margin:.4rem 0}
"""


def render_soon(totals: Totals, *, version: str, sources: list[str]) -> Callable[[], str]:
    """Start drawing the report; call the result for the page (a one-off `Artist`)."""
    artist = Artist(warm=False)
    page = artist.render_soon(totals, version=version, sources=sources)

    def done() -> str:
        try:
            return page()
        finally:
            artist.close()

    return done


class Artist:
    """Draws report.html in a process of its own, forked when the run starts, which imports
    pygal (0.03 s) while this process walks the archive and checks the documents: by the
    time the totals are known, only the drawing is left (0.01 s), and it runs while this
    process writes the tables (pygal holds the interpreter while it draws).

    On Linux only, and only while this process runs no other thread (forking then is
    unsafe); otherwise, or if that process fails, the page is drawn here when asked for."""

    def __init__(self, *, warm: bool = True) -> None:
        from lexicon.audit import forked

        self._conn: Any
        self._proc: Any
        self._conn, self._proc = forked.fork(_serve, "lexicon-audit-report", warm) or (None, None)

    def warm(self) -> None:
        """Have pygal imported now (a re-run that found something to change: the
        report will be drawn again)."""
        if self._conn is not None:
            try:
                self._conn.send(("warm",))
            except (OSError, ValueError):
                self.close()

    def render_soon(self, totals: Totals, *, version: str, sources: list[str]) -> Callable[[], str]:
        """Hand the totals over; call the result for the page (one request at a time)."""
        if self._conn is not None:
            try:
                self._conn.send((totals, version, sources))
            except (OSError, ValueError):
                self.close()
        if self._conn is None:
            drawn = render(totals, version=version, sources=sources)
            return lambda: drawn

        def page() -> str:
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError, ValueError):
                kind, value = "lost", None
            if kind != "page" or not isinstance(value, str):
                self.close()  # drawn here instead: a failure shows with its real traceback
                return render(totals, version=version, sources=sources)
            return value

        return page

    def close(self) -> None:
        """End the drawing process (whatever it is doing: a page not asked for is not needed)."""
        from lexicon.audit import forked

        conn, proc, self._conn, self._proc = self._conn, self._proc, None, None
        forked.stop(conn, proc)


def _serve(conn: Any, parent: int, warm: bool) -> None:
    """The drawing process: draw each (totals, version, sources) received until the run
    closes the pipe or ends. Unless a request comes within WARM_AFTER seconds (a small run,
    which would not gain from it), pygal is imported meanwhile, in a thread, so that a
    request that comes before the import is done waits no longer than it must. Without
    `warm` (a re-run that may change nothing), only once asked to ("warm",), at once: the
    run found something to change, so the report will be drawn again."""
    import time

    from lexicon.audit import forked

    started = time.monotonic()
    importing = warm and forked.settled(conn, started, WARM_AFTER)
    if importing:
        forked.import_aside(_warm_up, "lexicon-audit-import")
    while (asked := forked.request(conn, parent)) is not None:
        if asked == ("warm",):
            if not importing:
                importing = True
                forked.import_aside(_warm_up, "lexicon-audit-import")
            continue
        totals, version, sources = asked
        try:
            conn.send(("page", render(totals, version=version, sources=sources)))
        except Exception as exc:  # drawn again by the run, where the error is reported
            conn.send(("error", repr(exc)))


def _warm_up() -> None:
    import pygal  # noqa: F401


def render(totals: Totals, *, version: str, sources: list[str]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>lexicon audit</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>How far the documents follow the Luxembourg Guidelines</h1>",
        f'<p class="note">lexicon {_e(version)} audit of {_e(", ".join(sources))}. Own voice means outside '
        "quotations, titles, legal text and terms discussed as terms; the agreed-term share is the part of "
        "own-voice uses that are agreed terms, over the concepts that have a term to avoid or use with care.</p>",
        _totals(totals),
    ]
    parts += _section(
        "Agreed-term share by year",
        "year",
        "year",
        sorted(totals.by_year.items()),
        horizontal=False,
        missing="No year for the documents: give --metadata with a 'year' column or --pattern with {year}.",
    )
    org = totals.org_column or "org"
    parts += _section(
        "Agreed-term share by organisation",
        "org",
        org,
        sorted(totals.by_org.items(), key=lambda kv: (-kv[1].documents, kv[0]))[: TOP * 2],
        horizontal=True,
        missing="No organisation for the documents: give --metadata with an 'org' column or --pattern with {org}.",
    )
    parts += _avoided(totals)
    parts += _section(
        "Adoption per concept",
        "concept",
        "concept",
        sorted(totals.by_concept.items(), key=lambda kv: (-kv[1].total, kv[0]))[: TOP * 2],
        horizontal=True,
        missing="No glossary term was found in the documents.",
    )
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _totals(t: Totals) -> str:
    share = t.overall.share
    rows = [
        ("documents", "Documents", t.documents),
        ("unreadable", "Unreadable", t.unreadable),
        ("uses", "Term uses (all contexts)", t.uses),
        ("own-voice", "Own-voice uses", t.overall.total),
        ("agreed", "Agreed terms", t.overall.agreed),
        ("care", "Terms to use with care", t.care),
        ("avoid", "Terms to avoid", t.avoid),
        ("share", "Agreed-term share", "–" if share is None else f"{share:.1%}"),
    ]
    body = "".join(f'<tr><th>{label}</th><td class="n" id="total-{key}">{value}</td></tr>' for key, label, value in rows)
    langs = ", ".join(f"{_e(k)} {v}" for k, v in sorted(t.languages.items()))
    return f'<h2>Totals</h2><table id="totals">{body}</table><p class="note">Languages: {langs or "–"}</p>'


def _section(title: str, ident: str, column: str, items: list[tuple[str, Share]], *, horizontal: bool, missing: str) -> list[str]:
    out = [f'<h2 id="{ident}">{_e(title)}</h2>']
    items = [(k, s) for k, s in items if s.total]
    if not items:
        return out + [f'<p class="note">{_e(missing)}</p>']
    labels = [k for k, _ in items]
    values = [100 * (s.share or 0.0) for _, s in items]
    out.append(_figure(title, labels, values, horizontal=horizontal, unit="%", limit=100))
    rows = "".join(
        f'<tr><td>{_e(k)}</td><td class="n">{s.documents}</td><td class="n">{s.agreed}</td>'
        f'<td class="n">{s.total}</td><td class="n">{_pct(s.share)}</td></tr>'
        for k, s in items
    )
    out.append(
        f'<details><summary>Table</summary><table class="data" data-for="{ident}"><tr><th>{_e(column)}</th>'
        '<th class="n">documents</th><th class="n">agreed</th><th class="n">own-voice uses</th>'
        f'<th class="n">share</th></tr>{rows}</table></details>'
    )
    return out


def _avoided(t: Totals) -> list[str]:
    out = ['<h2 id="avoided">Most frequent terms to avoid (own voice)</h2>']
    top = sorted(t.avoided.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    if not top:
        return out + ['<p class="note">No term to avoid was used in the authors\' own voice.</p>']
    out.append(
        _figure(
            "Most frequent terms to avoid", [term for (_c, term), _n in top], [n for _k, n in top], horizontal=True, unit="uses", limit=None
        )
    )
    rows = "".join(f'<tr><td>{_e(term)}</td><td>{_e(concept)}</td><td class="n">{n}</td></tr>' for (concept, term), n in top)
    out.append(
        f'<details><summary>Table</summary><table class="data" data-for="avoided"><tr><th>term</th><th>concept</th>'
        f'<th class="n">uses</th></tr>{rows}</table></details>'
    )
    return out


def _figure(title: str, labels: list[str], values: list[float], *, horizontal: bool, unit: str, limit: float | None) -> str:
    return _drawn(title, tuple(labels), tuple(values), horizontal, unit, limit)


@functools.lru_cache(maxsize=32)
def _drawn(title: str, labels: tuple[str, ...], values: tuple[float, ...], horizontal: bool, unit: str, limit: float | None) -> str:
    """The chart as SVG (pygal), drawn once per process for the same data. Static: no
    script (`_static`), no web font; the same bytes on every run (the chart's id is made
    from its title, and the dated comment is left out)."""
    import pygal

    chart_type = pygal.HorizontalBar if horizontal else pygal.Bar
    ticks = _ticks(limit or max(values, default=0))
    chart = chart_type(
        width=750,
        height=max(240, 26 * len(labels) + 80) if horizontal else 320,
        style=_style(),
        js=[],
        show_legend=False,
        print_values=True,
        value_formatter=_whole,
        y_title=unit,
        y_labels=ticks,
        range=(0, ticks[-1]),
        include_x_axis=True,
        truncate_label=40,  # characters, then an ellipsis (the table has the whole label)
        x_label_rotation=0 if horizontal or len(labels) <= 12 else 45,
        disable_xml_declaration=True,
    )
    chart.uuid = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")  # fixed ids
    order = slice(None, None, -1) if horizontal else slice(None)  # pygal stacks bars upwards: the first on top
    chart.x_labels = list(labels[order])
    chart.add(unit, list(values[order]))
    chart.add_xml_filter(functools.partial(_static, title))
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{_e(title)}" ', chart.render(is_unicode=True), count=1)
    return f"<figure>{svg}</figure>"


def _static(title: str, root: Any) -> Any:
    """pygal's SVG tree without its script and the titles and descriptions its tooltips read
    (they run only with a script from the web; a browser would show each title on hover),
    without its comments (the generator's, one of them dated), and titled with `title`
    (pygal's own is "Pygal")."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] in ("script", "title", "desc"):  # a comment's tag is no name
                parent.remove(child)
    heading = root.makeelement(root.tag[: -len("svg")] + "title", {})  # in the root's namespace, if it names one
    heading.text = title
    root.insert(0, heading)
    return root


def _ticks(top: float) -> list[int]:
    """Whole-number marks for a value axis from 0 to at least `top`, about eight, a step of
    1, 2 or 5 times a power of ten (pygal's own marks fall between whole numbers on a chart
    of a few uses, and each would read 0 or 1)."""
    if top <= 0:
        return [0, 1]
    rough = top / 8
    power = 10 ** math.floor(math.log10(rough))
    step = max(1, next(m * power for m in (1, 2, 5, 10) if m * power >= rough))
    return [int(i * step) for i in range(math.ceil(top / step) + 1)]


def _whole(value: float) -> str:
    return f"{value:.0f}"


@functools.cache
def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#1b1b1b",
        foreground_strong="#1b1b1b",
        foreground_subtle="#555555",
        guide_stroke_color="#dddddd",
        major_guide_stroke_color="#dddddd",
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
        colors=("#2f6f9f",),
        font_family='system-ui, -apple-system, "Segoe UI", sans-serif',
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=11,
        title_font_size=13,
        opacity="1",
        opacity_hover="1",
        transition="0s",
    )


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share:.1%}"


def _e(text: Any) -> str:
    return html.escape(str(text))
