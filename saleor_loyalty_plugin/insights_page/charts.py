"""Charts as inline SVG strings, drawn on the server (no script, no CDN).

Each function takes plain numbers (what the GraphQL answer holds) and
returns one ``<svg>`` element with a ``<title>`` for screen readers; values
are printed as text on or beside the marks, so the chart reads at a glance
and the numbers can be compared with the API's.
"""
from html import escape
from typing import Optional, Sequence, Tuple

WIDTH, HEIGHT, PAD = 560, 220, 40


def _svg(title: str, body: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 %d %d" '
            'width="%d" height="%d" class="chart"><title>%s</title>%s</svg>'
            % (width, height, width, height, escape(title), body))


def _fmt(value) -> str:
    return "–" if value is None else ("%g" % round(float(value), 2))


def line_chart(title: str, points: Sequence[Tuple[str, Optional[float]]],
               top: Optional[float] = None) -> str:
    """A line over labelled points; None leaves a gap (e.g. retention with no customers)."""
    values = [value for _, value in points if value is not None]
    high = top if top is not None else max(values + [1.0])
    high = high or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)
    parts, path = [], []
    for index, (label, value) in enumerate(points):
        x = PAD + index * step
        parts.append('<text x="%.1f" y="%d" font-size="9" text-anchor="middle">%s</text>'
                     % (x, HEIGHT - 8, escape(label)))
        if value is None:
            continue
        y = HEIGHT - PAD - (float(value) / high) * (HEIGHT - 2 * PAD)
        path.append("%s%.1f,%.1f" % ("M" if not path else "L", x, y))
        parts.append('<circle cx="%.1f" cy="%.1f" r="3" fill="#2563eb"/>'
                     '<text x="%.1f" y="%.1f" font-size="9" text-anchor="middle" '
                     'class="value">%s</text>' % (x, y, x, y - 6, _fmt(value)))
    axis = '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (
        PAD, HEIGHT - PAD, WIDTH - PAD, HEIGHT - PAD)
    line = '<path d="%s" fill="none" stroke="#2563eb" stroke-width="2"/>' % " ".join(path)
    return _svg(title, axis + (line if path else "") + "".join(parts))


def bar_chart(title: str, bars: Sequence[Tuple[str, float]]) -> str:
    high = max([float(value) for _, value in bars] + [1.0])
    width = (WIDTH - 2 * PAD) / max(1, len(bars))
    parts = []
    for index, (label, value) in enumerate(bars):
        height = float(value) / high * (HEIGHT - 2 * PAD)
        x = PAD + index * width
        parts.append(
            '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#16a34a"/>'
            '<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle" class="value">%s</text>'
            '<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%s</text>'
            % (x + 4, HEIGHT - PAD - height, width - 8, height, x + width / 2,
               HEIGHT - PAD - height - 4, _fmt(value), x + width / 2, HEIGHT - PAD + 14,
               escape(label)))
    return _svg(title, "".join(parts))


def heat_map(title: str, rows: Sequence[Tuple[str, int, Sequence[Optional[float]]]]) -> str:
    """Cohort rows (label, size, % per month since); darker is more customers kept."""
    cell, left = 30, 110
    columns = max([len(rates) for _, _, rates in rows] + [1])
    width, height = left + cell * columns + 10, 30 + cell * max(1, len(rows))
    parts = ['<text x="%d" y="14" font-size="10" text-anchor="middle">%d</text>'
             % (left + cell * column + cell // 2, column) for column in range(columns)]
    for row_index, (label, size, rates) in enumerate(rows):
        y = 20 + row_index * cell
        parts.append('<text x="4" y="%d" font-size="10">%s (%d)</text>'
                     % (y + cell // 2 + 4, escape(label), size))
        for column, rate in enumerate(rates):
            share = 0.0 if rate is None else float(rate) / 100.0
            parts.append(
                '<rect x="%d" y="%d" width="%d" height="%d" fill="rgb(%d,%d,255)" stroke="#fff"/>'
                '<text x="%d" y="%d" font-size="8" text-anchor="middle" class="value">%s</text>'
                % (left + column * cell, y, cell, cell, int(235 - 200 * share),
                   int(240 - 170 * share), left + column * cell + cell // 2, y + cell // 2 + 3,
                   _fmt(rate)))
    return _svg(title, "".join(parts), width=width, height=height)
