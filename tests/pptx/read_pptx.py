"""Reads .pptx files with python-pptx and prints what tests/it/pptx.rs
checks, as JSON: per slide its layout, title, placeholders, every shape
(with its box as python-pptx resolves it: inherited from layout and master
for placeholders), text, tables, charts and notes, and the typefaces and
fixed colours its XML and its charts' XML name; and the document's
properties, theme fonts and notes master.

One path: one JSON object. Several: a JSON list, one object per path (one
Python start for a whole template matrix)."""

import json
import re
import sys

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

FACE = re.compile(rb'<a:(?:latin|ea|cs) typeface="([^"]*)"')
RGB = re.compile(rb'<a:srgbClr val="([0-9A-Fa-f]{6})"')


def faces_and_colours(blob):
    return (
        sorted({m.decode() for m in FACE.findall(blob)}),
        sorted({m.decode().upper() for m in RGB.findall(blob)}),
    )


def theme_fonts(prs):
    """The major and minor Latin typefaces of every master's theme."""
    out = set()
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        for kind in (b"majorFont", b"minorFont"):
            m = re.search(b"<a:" + kind + rb'>\s*<a:latin typeface="([^"]*)"', theme.blob)
            if m:
                out.add(m.group(1).decode())
    return sorted(out)


def kind_of(shape):
    return str(shape.placeholder_format.type).split(" ")[0].split(".")[-1]


def read_slide(slide):
    s = {
        "layout": slide.slide_layout.name,
        "title": None,
        "placeholders": [],
        "text": [],
        "boxes": [],
        "tables": [],
        "charts": [],
        "pictures": 0,
        "notes": None,
        "shapes": [],
        "chart_faces": [],
        "chart_colours": [],
    }
    s["faces"], s["colours"] = faces_and_colours(slide.part.blob)
    for shape in slide.shapes:
        kind = kind_of(shape) if shape.is_placeholder else None
        if kind:
            s["placeholders"].append(kind)
            if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                s["title"] = shape.text_frame.text
                # Whether the title's runs set their own size or weight
                # over the layout's title style.
                s["title_styled"] = any(
                    r.font.size is not None or r.font.bold is not None
                    for p in shape.text_frame.paragraphs
                    for r in p.runs
                )
        s["shapes"].append({
            "name": shape.name,
            "placeholder": kind,
            "box": [shape.left, shape.top, shape.width, shape.height],
            "text": shape.text_frame.text if shape.has_text_frame else None,
        })
        if shape.has_text_frame and shape.text_frame.text:
            s["text"].append(shape.text_frame.text)
            if not shape.is_placeholder:
                s["boxes"].append(shape.text_frame.text)
        if shape.has_table:
            s["tables"].append([[c.text for c in row.cells] for row in shape.table.rows])
        if shape.has_chart:
            chart = shape.chart
            s["charts"].append({
                "type": str(chart.chart_type).split(" ")[0].split(".")[-1],
                "series": [
                    {"name": ser.name, "values": [v for v in ser.values]}
                    for plot in chart.plots for ser in plot.series
                ],
                "has_workbook": chart.part.chart_workbook.xlsx_part is not None,
            })
            faces, colours = faces_and_colours(chart.part.blob)
            s["chart_faces"] = sorted(set(s["chart_faces"]) | set(faces))
            s["chart_colours"] = sorted(set(s["chart_colours"]) | set(colours))
        if shape.shape_type == 13:  # PICTURE
            s["pictures"] += 1
    if slide.has_notes_slide:
        s["notes"] = slide.notes_slide.notes_text_frame.text
    return s


def read(path):
    prs = Presentation(path)
    return {
        "width": prs.slide_width,
        "height": prs.slide_height,
        "title": prs.core_properties.title,
        "author": prs.core_properties.author,
        "subject": prs.core_properties.subject,
        "layouts": [l.name for l in prs.slide_layouts],
        "theme_fonts": theme_fonts(prs),
        "notes_master": [sh.name for sh in prs.notes_master.shapes],
        "slides": [read_slide(slide) for slide in prs.slides],
    }


paths = sys.argv[1:]
if len(paths) == 1:
    print(json.dumps(read(paths[0])))
else:
    print(json.dumps([read(p) for p in paths]))
