"""The team summary as a picture: a rep-by-skill heatmap of average scores, drawn as a PNG."""

from __future__ import annotations

import io
from typing import Any

HEATMAP = "spar_heatmap"  # the key under which a reply carries the data for the pictures, a list
REPS_PER_PICTURE = 40  # Slack shows a picture inline at the width of the conversation: more rows would be too small
MOST_PICTURES = 5  # the first 200 reps; everyone's scores are in the summary's CSV file
ROW_INCHES = 0.42  # rows and columns big enough for large type, read inline without opening the picture
COLUMN_INCHES = 1.3
TYPE_POINTS = 13  # names, skills and scores


def heatmap_data(summary: dict[str, Any]) -> dict[str, Any] | None:
    """Rows are reps, columns the skills anyone has evidence on, values a score or None; None when no evidence."""
    reps = summary["reps"]
    skills = sorted({skill for rep in reps for skill in rep["skills"]})
    if not skills:
        return None
    return {
        "title": f"Skill scores by rep, last {summary['days']} days",
        "rows": [rep["name"] for rep in reps],
        "columns": skills,
        "values": [[rep["skills"].get(skill) for skill in skills] for rep in reps],
    }


def heatmap_pictures(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """`heatmap_data` cut into pictures of `REPS_PER_PICTURE` reps (each titled with its reps past the first), the
    first `MOST_PICTURES` of them; none without evidence."""
    data = heatmap_data(summary)
    if data is None:
        return []
    rows, values = data["rows"], data["values"]
    if len(rows) <= REPS_PER_PICTURE:
        return [data]
    pictures = []
    for first in range(0, min(len(rows), REPS_PER_PICTURE * MOST_PICTURES), REPS_PER_PICTURE):
        last = min(first + REPS_PER_PICTURE, len(rows))
        pictures.append(
            {
                **data,
                "title": f"{data['title']} (reps {first + 1}–{last} of {len(rows)})",
                "rows": rows[first:last],
                "values": values[first:last],
            }
        )
    return pictures


def render_png(data: dict[str, Any]) -> bytes:
    """Draw `heatmap_data` as a PNG: each cell labelled with its score, grey where there is no evidence."""
    # Imported here: matplotlib takes a second to load and only the picture needs it. A bare Figure on the
    # Agg canvas, not pyplot, keeps no global state, so threads may draw at once.
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows, columns = data["rows"], data["columns"]
    scores = np.ma.masked_invalid(
        np.array([[np.nan if v is None else v for v in row] for row in data["values"]], dtype=float).reshape(
            len(rows), len(columns)
        )
    )
    height = max(3.5, 2.6 + ROW_INCHES * len(rows))
    figure = Figure(figsize=(max(6.0, 4.0 + COLUMN_INCHES * len(columns)), height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    colours = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")
    image = axes.imshow(scores, cmap=colours, vmin=0, vmax=100, aspect="auto", interpolation="nearest")
    axes.set_xticks(range(len(columns)))
    axes.set_xticklabels([c.replace("_", " ") for c in columns], rotation=30, ha="right", fontsize=TYPE_POINTS)
    axes.set_yticks(range(len(rows)))
    # A name like "$x$" is a name, not a formula to typeset.
    axes.set_yticklabels(rows, parse_math=False, fontsize=TYPE_POINTS)
    axes.set_xlabel("Skill", fontsize=TYPE_POINTS)
    axes.set_ylabel("Rep", fontsize=TYPE_POINTS)
    axes.set_title(data["title"], parse_math=False, fontsize=TYPE_POINTS + 2)
    for i, row in enumerate(data["values"]):
        for j, value in enumerate(row):
            if value is not None:
                dark = value < 15 or value > 85  # the scale's ends are dark: white text there
                axes.text(
                    j,
                    i,
                    f"{value:.0f}",
                    ha="center",
                    va="center",
                    fontsize=TYPE_POINTS,
                    color="white" if dark else "black",
                )
    figure.colorbar(image, ax=axes, label="Average score (0-100)\ngrey: no evidence", shrink=min(1.0, 6 / height))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
