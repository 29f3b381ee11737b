#!/usr/bin/env python3
"""Lapses of units, precision and names in a rendered deck (#31, rubric
criteria 5 and 10), found from the deck's Markdown and the plan file alone —
tomllib and re, no mvplan.

    python3 tests/it/units.py PLAN.toml [PLAN.toml…] DECK.md

(several plans for a portfolio review: the ids and names of them all).

Prints one line per lapse, `slide N: class: text`; nothing for a clean deck.
The classes, as a strict board reader counts them:

  cents      a money amount of 100 or more written with cents ($151,962.50),
             in prose, a table, or a money chart's data (669570.00)
  repeat     a figure's unit followed at once by its metric's description
             ("265 SQOs sales-qualified opportunities", "46,800 customers new
             DTC customers")
  pct-gap    a gap of a percentage written with "%" ("1.5 % short")
  id         a plan id (every `id = "…"` in the plan) as a table header cell,
             a chart series, or in parentheses as a label ("(mops-analyst)")
  bare       a number of 10,000 or more with no currency, no k/M/B and no unit
             after it ("below 22,000,000", "reach 45,800,000 of")
  mixed      one table column with both levels ("$46M") and signed changes
             ("+$1.5M", "+6.2 pts")
  named      a metric whose name says its unit, then its figure with the
             unit again: "new funded accounts 74,400 accounts", "self-serve
             sign-ups falls to 218,000 sign-ups, 22,000 sign-ups less"
  kilo       money of a million or more written in thousands ("-€1,139k")
             where the deck writes millions in M ("€1.19M")
  pct-form   a percentage target or baseline of the plan written two ways in
             a deck ("from 7.8% to 9.0%" on one slide, "9%" on another)
  twice      one word twice in a row outside the author's words
             ("Sign-ups sign-ups from paid search")
  double     a unit said twice: "250,000 sign-ups of self-serve sign-ups",
             "125,000 members vs 125,000 members target"
  per-plural a plural unit after "per" ("€240 per room nights")
  command    a tool command on a slide ("`mvplan optimize` writes …")
  tag        a slug as a label in a resources table's skills cell
             ("paid-search; paid-search", "mops", "porto-launch"), or one
             label twice in a cell
  rounding   one amount of money rounded two ways in the deck ("$3.74M" and
             "$3.7M", "$1.25M" and "$1.3M")
  multiple   a return or other ratio more precise than it is known: more
             than two significant figures below 10 ("2.61×", "€1 buys
             €5.42"), decimals from 10 ("16.27×", "€1 buys €16.27 more"):
             a ratio on an allocated cost is not known to four digits
  zero       a change shown as zero where there is one ("+0.0%")
  column     one table column with money in full ("€5,933") and compact
             ("€16.1k")
  contribution  a "Forecast contribution" column with signed changes
             ("+1.5 pts", "+$300k") beside unsigned parts ("$12.6M")
  notation   an amount with a currency code after it ("4.7M AUD") where the
             currency has a symbol form ("A$4.7M"): two notations in a deck
  fte        a resources table whose Total FTE counts rows the budget does
             not pay ("not in this budget"), or never says it left them out
  wide       a main-story table of more than seven columns (headers wrap
             mid-word, unreadable at 60 dpi)
  author     an amount in the author's notation ("€412m", "$1.5bn") where
             the deck writes "€412M": two notations of one amount
  echo       a parenthesis repeating the words before it ("Sign-ups from
             paid search (Paid search)", "£1.5M more (Budget increase
             (+£1.5m))"), or a heading that states a number twice
             ("distributors (42 branches) · 42 distributor branches")
  share      one change against one need read as two percentages ("+€6.49M
             of +€7.5M … 87%" and "add €6.49M … (+€7.5M needed) … (86%)")
  basis      a cost per result on a slide that values what the plan adds
             over today, with no basis in its column ("Cost per result"):
             the reader cannot tell a level's cost from an uplift's
  whole      a money amount of five digits or more written in whole units
             in a table ("£2,042,500" beside the chart's "£2.04M", a KPI
             cell's "€1,600,000"): the deck writes money compact
  itemised   a total followed by its parts ("£769k … tied to no forecast:
             team £371k, other budget lines £208k, …") whose shown parts do
             not add up to it at the rounding shown
  pct-precision  one computed percentage level (marked ≈) written at two
             precisions in a deck ("24.91% ≈" on one slide, "≈ 24.9%" on
             another)

Speaker notes (HTML comments) are not read: the rubric scores the slides.
"""
import re
import sys
import tomllib
from decimal import ROUND_HALF_UP, Decimal

CURRENCY = "$€£¥₹"
# Words after a number that say nothing of what it counts.
NOT_UNITS = {
    "of", "in", "to", "and", "or", "the", "for", "at", "by", "from", "vs",
    "against", "a", "an", "is", "on", "with", "than", "per", "as", "but",
    "it", "its", "this", "that", "over", "under",
}


def ids(node, out):
    """Every `id = "…"` anywhere in the plan."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "id" and isinstance(v, str):
                out.add(v)
            else:
                ids(v, out)
    elif isinstance(node, list):
        for v in node:
            ids(v, out)
    return out


def strings(node, out):
    """Every string the plan's author wrote: the deck may quote them as they
    are ("(91,300 in 2026)" in a statement is the author's, not mvplan's)."""
    if isinstance(node, dict):
        for v in node.values():
            strings(v, out)
    elif isinstance(node, list):
        for v in node:
            strings(v, out)
    elif isinstance(node, str):
        out.append(node)
    return out


def squeeze(s):
    return " ".join(re.sub(r"[^\w\s]", " ", s).split()).lower()


def series(line):
    """A `# series:` line's names: commas separate them, outside quotes."""
    return [m.group(0) for m in re.finditer(r'"[^"]*"|[^,]+', line)]


def measures(plans):
    """(unit, metric) of every objective and goal with a counted unit."""
    out = []
    for kind, plan in ((k, p) for k in ("objectives", "goals") for p in plans):
        for o in plan.get(kind, []):
            unit, metric = o.get("unit"), o.get("metric")
            if unit and metric and unit != "%" and not re.fullmatch(r"[A-Z]{3}", unit):
                out.append((unit, metric))
    return out


def names_its_unit(metric, unit):
    """Whether a metric's name says its counted unit ("New funded accounts"
    in "accounts", "Sign-ups from paid search" in "sign-ups")."""
    m, u = metric.strip().lower(), unit.strip().lower()
    return bool(u) and (
        m == u or m.endswith(" " + u) or m.endswith("-" + u) or m.startswith(u + " ") or f" {u} " in m
    )


def named_measures(plans):
    """(unit, name) of every objective and KPI whose name says its unit."""
    out = [(u, m) for u, m in measures(plans) if names_its_unit(m, u)]
    for plan in plans:
        for c in plan.get("channels", []):
            for k in c.get("kpis", []) if isinstance(c, dict) else []:
                if not isinstance(k, dict):
                    continue  # a KPI named by its id elsewhere
                unit, name = k.get("unit"), k.get("name")
                if unit and name and unit != "%" and names_its_unit(name, unit):
                    out.append((unit, name))
    return out


def slides(deck):
    """The deck's slides without front matter and speaker notes."""
    body = re.sub(r"<!--.*?-->", "", deck, flags=re.S)
    parts = re.split(r"^---$", body, flags=re.M)
    # parts[0] is empty, parts[1] the front matter.
    return parts[2:]


def unescape(s):
    return re.sub(r"\\([\\$&#*_+\-\[\]()<>|~`])", r"\1", s)


def tables(text):
    """Each table as a list of rows of cells (header first), separator dropped."""
    out, cur = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                cur.append(cells)
        elif cur:
            out.append(cur)
            cur = []
    return out


def charts(text):
    """Each chart block: (options dict, data lines)."""
    out = []
    for m in re.finditer(r"```chart [^\n]*\n(.*?)```", text, flags=re.S):
        opts, data = {}, []
        for line in m.group(1).splitlines():
            if line.startswith("# "):
                k, _, v = line[2:].partition(":")
                opts.setdefault(k.strip(), []).append(v.strip())
            elif line.strip():
                data.append(line)
        out.append((opts, data))
    return out


def prose(text):
    """The slide's text without chart blocks."""
    return re.sub(r"```.*?```", "", text, flags=re.S)


def lapses(plan, deck):
    plan_ids = ids(plan, set())
    written = strings(plan, [])
    authored = "\n".join(written)
    names_written = {w.lower() for w in written}
    squeezed = {squeeze(w) for w in written}
    counted = measures(plan)
    found = []
    for n, raw in enumerate(slides(deck), start=2):
        text = unescape(prose(raw))
        say = lambda cls, what: found.append(f"slide {n}: {cls}: {what}")
        # cents: money ≥ 100 with cents.
        for m in re.finditer(rf"[{CURRENCY}]\s?(\d{{1,3}}(?:,\d{{3}})+|\d{{3,}})\.\d\d\b", text):
            say("cents", m.group(0))
        for m in re.finditer(r"\b(\d{1,3}(?:,\d{3})+|\d{3,})\.\d\d [A-Z]{3}\b", text):
            say("cents", m.group(0))
        for opts, data in charts(raw):
            unit = (opts.get("unit") or [""])[0]
            if re.fullmatch(r"[A-Z]{3}", unit):
                for line in data:
                    values = line.rpartition(": ")[2]
                    for v in values.split(","):
                        v = v.strip()
                        if re.fullmatch(r"-?\d+\.\d+", v) and abs(float(v)) >= 100:
                            say("cents", f"chart data {v}")
        # repeat: "265 SQOs sales-qualified opportunities".
        for unit, metric in counted:
            pattern = rf"\d {re.escape(unit)} {re.escape(metric[0].lower() + metric[1:])}"
            for m in re.finditer(pattern, text, flags=re.I):
                say("repeat", m.group(0))
        # pct-gap: "1.5 % short".
        for m in re.finditer(r"\d(?:\.\d+)? ?% (?:short|ahead|behind|over|under|below|above target)\b", text):
            # The author's words ("a member rate 10% below parity").
            if any(text[max(0, m.start() - a):m.end() + 7] in authored for a in (1, 2, 3)):
                continue
            say("pct-gap", m.group(0))
        # id: table headers, chart series and marks, "(id)".
        for t in tables(text):
            for cell in t[0]:
                if cell.strip("*") in plan_ids:
                    say("id", f"table header {cell}")
        for opts, _ in charts(raw):
            names = [s.strip().strip('"') for line in opts.get("series", []) for s in series(line)]
            for name in names:
                if name in plan_ids:
                    say("id", f"chart series {name}")
                # A name the author wrote, with its punctuation lost
                # ("Paid search (Google Bing)" for "(Google, Bing)").
                elif name.lower() not in names_written and squeeze(name) in squeezed:
                    say("name", f"chart series {name!r} is not the plan's name")
        for m in re.finditer(r"\(([a-z0-9][a-z0-9_-]*)\)", text):
            if m.group(1) in plan_ids and "-" in m.group(1) and m.group(0) not in authored:
                say("id", m.group(0))
        # bare: ≥ 10,000 with no currency, k/M/B or unit.
        for m in re.finditer(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d{5,})(?:\.\d+)?(?![\d,.]*\d)", text):
            if float(m.group(1).replace(",", "")) < 10_000:
                continue
            before = text[max(0, m.start() - 2):m.start()]
            after = text[m.end():m.end() + 30]
            # The author's own words, quoted ("n=2,014", "(91,300 in 2026)").
            if any(
                text[max(0, m.start() - a):m.end() + b] in authored
                for a, b in ((8, 0), (0, 6), (2, 4))
            ):
                continue
            if any(c in before for c in CURRENCY) or re.match(r"\s*[kMB%×x]\b|\s*[%×]", after):
                continue
            word = re.match(r"\s+([A-Za-z][\w-]*)", after)
            if word and word.group(1).lower() not in NOT_UNITS:
                continue
            # A labelled figure ("Reach among 16–24s: 310,000") names what it counts.
            if re.search(r"[A-Za-z)]: $", text[max(0, m.start() - 3):m.start()]):
                continue
            # So does a metric whose name says its unit, earlier in the line
            # ("Qualified sessions reach 31,000,000 of its target").
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].lower()
            if any(name.lower() in line for _, name in named_measures(plan)):
                continue
            say("bare", text[max(0, m.start() - 25):m.end() + 10].replace("\n", " "))
        # mixed: one column, levels and signed changes.
        for t in tables(text):
            for col in range(len(t[0])):
                kinds = set()
                for row in t[1:]:
                    if col >= len(row):
                        continue
                    cell = row[col].strip("*").strip()
                    if re.fullmatch(rf"[{CURRENCY}]?0(?:\.0+)?(?: \S+)?", cell):
                        continue  # no change, no level: neither kind
                    if re.match(rf"[+−-][{CURRENCY}]?\d", cell):
                        kinds.add("change")
                    elif re.match(rf"[{CURRENCY}]?\d", cell) and "→" not in cell:
                        kinds.add("level")
                    if re.search(r"[+−]\S* → ", cell):
                        kinds.update({"change", "level"})
                if kinds == {"change", "level"}:
                    say("mixed", f"column {t[0][col]!r}")
    found += board_lapses(plan, deck)
    # pct-form: a target of 9 as "9.0%" on one slide, "9%" on another.
    text = unescape(prose("\n".join(slides(deck))))
    whole = set()
    for p in plan:
        for kind in ("goals", "objectives"):
            for o in p.get(kind, []):
                if o.get("unit") == "%":
                    for key in ("baseline", "target"):
                        v = o.get(key)
                        if isinstance(v, (int, float)) and float(v).is_integer():
                            whole.add(int(v))
    for v in sorted(whole):
        if re.search(rf"(?<![\d.]){v}\.0+%", text) and re.search(rf"(?<![\d.]){v}%", text):
            found.append(f"deck: pct-form: {v}.0% and {v}%")
    return found


COMPACT = re.compile(rf"(?<![\w.])([{CURRENCY}])(\d+(?:\.\d+)?)([kMB])\b")


def board_lapses(plans, deck):
    """The classes a strict board reader added after the first scan."""
    counted = measures(plans)
    written = "\n".join(strings(plans, []))
    found = []
    for n, raw in enumerate(slides(deck), start=2):
        text = unescape(prose(raw))
        say = lambda cls, what: found.append(f"slide {n}: {cls}: {what}")
        low = text.lower()
        for unit, metric in counted:
            u, m = unit.lower(), metric.lower()
            if m == u or m.endswith(" " + u):
                for hit in re.finditer(rf"\d[\d,.]* {re.escape(u)} of {re.escape(m)}", low):
                    say("double", hit.group(0))
            for hit in re.finditer(rf"\d[\d,.]* {re.escape(u)} vs [\d,.]+ {re.escape(u)} target", low):
                say("double", hit.group(0))
            if u.endswith("s") and not u.endswith("ss"):
                for hit in re.finditer(rf"\bper {re.escape(u)}\b", low):
                    say("per-plural", hit.group(0))
        # named: the metric says the unit, then its figure says it again, in
        # one phrase (no ";", "|", closing parenthesis or sentence end between).
        for unit, name in named_measures(plans):
            u, m = unit.lower(), name.lower()
            if m == u:
                continue  # "Orders" in orders: the unit word is no name before it
            for hit in re.finditer(rf"{re.escape(m)}[^;|.\n)]{{0,40}}?\d[\d,.]*[kM]? {re.escape(u)}\b", low):
                say("named", hit.group(0))
        # kilo: "€1,139k", a million in thousands.
        for hit in re.finditer(rf"[{CURRENCY}]\d{{1,3}},\d{{3}}(?:\.\d+)?k\b|[{CURRENCY}]\d{{4,}}(?:\.\d+)?k\b", text):
            say("kilo", hit.group(0))
        # twice: "sign-ups sign-ups", not where the author wrote it.
        for hit in re.finditer(r"\b([a-z][a-z-]{2,}) \1\b", low):
            if hit.group(0) not in written.lower():
                say("twice", hit.group(0))
        for hit in re.finditer(r"`?\bmvplan (?:optimize|check|review|render|track|explain|export|diff)\b", text):
            say("command", hit.group(0))
        for t in tables(text):
            head = [h.lower() for h in t[0]]
            for col, h in enumerate(head):
                if h.startswith("skills"):
                    for row in t[1:]:
                        if col >= len(row) or not row[col]:
                            continue
                        items = [i.strip() for i in re.split(r"[,;]", row[col]) if i.strip()]
                        for i in items:
                            if re.fullmatch(r"[a-z][a-z0-9_-]*", i):
                                say("tag", i)
                        if len({i.lower() for i in items}) < len(items):
                            say("tag", f"repeated in {row[col]!r}")
            for col in range(len(t[0])):
                cells = [r[col] for r in t[1:] if col < len(r)]
                full = [c for c in cells if re.search(rf"[{CURRENCY}]\d{{1,3}}(?:,\d{{3}})+(?!\.)", c)]
                short = [c for c in cells if COMPACT.search(c)]
                if full and short and "per" in " ".join(full + short):
                    say("column", f"{full[0]!r} beside {short[0]!r}")
        # Every ratio, in prose and tables alike: "2.6×", "16×", "€1 buys
        # €5.4 more".
        for hit in re.finditer(
            rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)×|[{CURRENCY}]1 buys [{CURRENCY}]?(\d[\d,]*(?:\.\d+)?)(?![\d.,]*[kMB])",
            text,
        ):
            figure = hit.group(1) or hit.group(2)
            if hit.group(0) not in written and too_precise(figure):
                say("multiple", hit.group(0))
        for hit in re.finditer(r"[+\-−]0(?:\.0+)?%", text):
            say("zero", hit.group(0))
        # One amount said twice, rounded two ways, where a reader sees both
        # at once: in one sentence, or in a table row between the item's own
        # words (its first text cell: an ask, an objective's statement) and
        # a figure cell ("Approve … $3.74M" | "$3.7M").
        groups = [l for l in text.splitlines() if not l.startswith("|")]
        for t in tables(text):
            for row in t[1:]:
                cells = [c for c in row if c and not re.fullmatch(r"\d+", c)]
                if cells:
                    groups += [cells[0] + " ¦ " + c for c in cells[1:]]
        for g in groups:
            amounts = {}
            for hit in COMPACT.finditer(g):
                # A signed change ("+€6.49M") and a level ("from €6.5M") are
                # two quantities, whatever their digits.
                before = g[:hit.start()]
                signed = before[-1:] in ("+", "-", "−") or before.rstrip().lower().endswith(("adds", "add"))
                key = (hit.group(1), hit.group(3), signed)
                amounts.setdefault(key, {}).setdefault(hit.group(2), set()).add(n)
            found += rounded_twice(amounts)
    found += slide_lapses(plans, deck)
    found += basis_lapses(deck)
    found += figure_lapses(deck)
    return sorted(set(found), key=found.index)


# Currencies with a symbol form a board reads before the amount.
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$",
           "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "JPY": "¥", "INR": "₹"}


def fte_of(cell):
    """A FTE cell's count: "6 at 50% = 3" is 3."""
    cell = cell.strip("*").strip()
    m = re.search(r"(?:= )?([\d.]+)$", cell)
    return float(m.group(1)) if m else None


def slide_lapses(plans, deck):
    """The classes of session 6 (contribution, notation, fte, wide)."""
    found = []
    appendix = False
    for n, raw in enumerate(slides(deck), start=2):
        appendix = appendix or "_class: appendix" in raw
        text = unescape(prose(raw))
        say = lambda cls, what: found.append(f"slide {n}: {cls}: {what}")
        for m in re.finditer(r"\d(?:[\d.,]*\d)?[kMB]? (AUD|CAD|NZD|HKD|SGD|USD|EUR|GBP)\b", text):
            say("notation", m.group(0))
        for t in tables(text):
            head = t[0]
            if not appendix and n > 2 and len(head) > 7:
                say("wide", f"{len(head)} columns: {' | '.join(head)}")
            for col, h in enumerate(head):
                if "contribution" not in h.lower():
                    continue
                kinds = set()
                for row in t[1:]:
                    if col >= len(row):
                        continue
                    for part in row[col].split("; "):
                        fig = part.rpartition(": ")[2].split(" (")[0].strip()
                        if re.match(r"[+−-]", fig):
                            kinds.add("change")
                        elif re.match(rf"[{CURRENCY}]?\d", fig):
                            kinds.add("part")
                if len(kinds) > 1:
                    say("contribution", f"column {h!r} mixes signed and unsigned figures")
            if [h.strip() for h in head[:3]] == ["Team role", "FTE", "Cost"]:
                paid = outside = 0.0
                total = None
                said_outside = False
                for row in t[1:]:
                    label = row[0].strip("*").strip()
                    if label.startswith("Total"):
                        total = fte_of(row[1])
                        continue
                    if "outside this budget" in label.lower() or label.startswith("Whole team"):
                        said_outside = True
                        continue
                    f = fte_of(row[1]) or 0.0
                    if "not in this budget" in row[2]:
                        outside += f
                    else:
                        paid += f
                if total is not None and outside and (abs(total - paid) > 0.01 or not said_outside):
                    say("fte", f"Total {total:g} FTE beside {paid:g} paid by the budget and {outside:g} not")
    return found


def too_precise(figure):
    """A ratio written with more digits than it is known to: more than two
    significant figures below 10, any decimal from 10."""
    v = Decimal(figure.replace(",", ""))
    if abs(v) >= 10:
        return "." in figure
    digits = figure.replace(",", "").replace(".", "").lstrip("0")
    return len(digits) > 2


def norm_amount(s):
    """An amount without sign, escapes or spaces: "+€6.49M" → "€6.49M"."""
    return s.strip().lstrip("+−-").replace(" ", "")


def basis_lapses(deck):
    """The classes of session 7 (author, echo, share, basis)."""
    found = []
    shares = {}
    for n, raw in enumerate(slides(deck), start=2):
        text = unescape(prose(raw))
        say = lambda cls, what: found.append(f"slide {n}: {cls}: {what}")
        for m in re.finditer(rf"[{CURRENCY}]\d+(?:\.\d+)?(?:m|bn)\b", text):
            say("author", m.group(0))
        for line in text.splitlines():
            # Innermost parentheses first: the words before one, back to
            # the clause's start, already saying what it says.
            for m in re.finditer(r"\(([^()]+)\)", line):
                inner = m.group(1).strip().lower().lstrip("+−-")
                before = re.split(r"[;:|·]", line[: m.start()])[-1].lower()
                if len(inner) >= 4 and inner in before:
                    say("echo", f"{line[max(0, m.start() - 40): m.end()].strip()}")
            # A name that gives its size in parentheses, then the size again.
            h = re.match(r"#+ (.*\(.*\)) · (\d[\d,]*)\b", line)
            if h and re.search(rf"(?<![\d,.]){re.escape(h.group(2))}(?![\d,.])", h.group(1)):
                say("echo", line)
            # The goal line: "(+€7.5M needed): the bridges add €6.49M over today (86%)".
            for m in re.finditer(
                r"\(\+([^()]+?) needed\): the bridges (?:add|reach) ([^ ]+)[^()]*?\((\d+)%\)", line
            ):
                shares.setdefault((norm_amount(m.group(2)), norm_amount(m.group(1))), {}).setdefault(m.group(3), n)
        for t in tables(text):
            head = [h.lower() for h in t[0]]
            if "change vs needed" in head and "gap closed" in head:
                c, g = head.index("change vs needed"), head.index("gap closed")
                for row in t[1:]:
                    pair = re.match(r"(\S+) .*?of (\S+)", row[c]) if c < len(row) else None
                    pct = re.match(r"(\d+)%", row[g]) if g < len(row) else None
                    if pair and pct:
                        key = (norm_amount(pair.group(1)), norm_amount(pair.group(2)))
                        shares.setdefault(key, {}).setdefault(pct.group(1), n)
            if "the plan adds" in text.lower() or "value" in text.lower():
                pass
            for h in t[0]:
                if h.strip().lower() == "cost per result" and re.search(r"over today", deck):
                    say("basis", f"column {h!r} with no basis beside a value slide on what the plan adds over today")
    for (done, need), pcts in shares.items():
        if len(pcts) > 1:
            where = ", ".join(f"{p}% (slide {s})" for p, s in sorted(pcts.items()))
            found.append(f"slide {max(pcts.values())}: share: {done} of {need} read as {where}")
    return found


WHOLE = re.compile(rf"(?<![\w.])[{CURRENCY}]\d{{1,3}}(?:,\d{{3}})+(?![\d.,]*\s?[kMB]\b)")
AMOUNT = rf"[{CURRENCY}]\d[\d,]*(?:\.\d+)?[kMB]?"


def value_of(amount):
    """An amount as shown, with half the unit of its last digit."""
    m = re.fullmatch(rf"[{CURRENCY}]([\d,]+(?:\.(\d+))?)([kMB]?)", amount)
    scale = {"": 1, "k": 10**3, "M": 10**6, "B": 10**9}[m.group(3)]
    places = len(m.group(2) or "")
    return Decimal(m.group(1).replace(",", "")) * scale, Decimal(scale) / 2 / Decimal(10) ** places


def figure_lapses(deck):
    """The classes of session 8 (whole, itemised, pct-precision)."""
    found = []
    levels = {}
    for n, raw in enumerate(slides(deck), start=2):
        text = unescape(prose(raw))
        say = lambda cls, what: found.append(f"slide {n}: {cls}: {what}")
        for t in tables(text):
            for row in t[1:]:
                for c in row:
                    for m in WHOLE.finditer(c):
                        if value_of(m.group(0))[0] >= 10_000:
                            say("whole", m.group(0))
        for line in text.splitlines():
            # "TOTAL … : label PART, label PART[, …]" up to the clause's end.
            m = re.search(rf"({AMOUNT})\b[^:;|]*?: ((?:[^,;:|()—]*? {AMOUNT}(?:, |(?=;)|$))+)", line)
            if m:
                parts = re.findall(rf"(?<=\s)({AMOUNT})(?=,|;|$)", " " + m.group(2))
                if len(parts) >= 2:
                    total, slack = value_of(m.group(1))
                    shown = [value_of(p) for p in parts]
                    s = sum(p[0] for p in shown)
                    slack += sum(p[1] for p in shown)
                    if abs(s - total) > slack:
                        say("itemised", f"{m.group(1)} itemised as {', '.join(parts)}")
            if line.startswith("<!--"):
                continue
            # A computed level, marked ≈ either side ("24.91% ≈", "≈ 24.9%"):
            # one forecast, which a target beside it ("9.51% against a
            # 9.5% target") is not.
            for p in re.finditer(r"≈ (\d+(?:\.\d+)?)%|(?<![\d.+−-])(\d+(?:\.\d+)?)% ≈", line):
                levels.setdefault(p.group(1) or p.group(2), set()).add(n)
    for a in levels:
        for b in levels:
            pa, pb = len(a.partition(".")[2]), len(b.partition(".")[2])
            if pb >= pa or pb == 0 or a == b:
                continue
            if Decimal(a).quantize(Decimal(1).scaleb(-pb), ROUND_HALF_UP) == Decimal(b):
                sa, sb = min(levels[a]), min(levels[b])
                found.append(f"slide {max(sa, sb)}: pct-precision: {a}% (slide {sa}) and {b}% (slide {sb})")
    return found


def rounded_twice(amounts):
    """One amount rounded two ways on a slide: "3.74" and "3.7" of the same
    suffix, the shorter the longer rounded (halves up) to its places. (On
    two slides, "$1.2M" beside "$1.22M" may be two quantities; on one slide
    beside an ask's "$3.74M" it is the same said twice.)"""
    found = []
    for (sym, suf, _), values in amounts.items():
        for a in values:
            for b in values:
                da = len(a.partition(".")[2])
                db = len(b.partition(".")[2])
                # "$3M" beside "$3.4M" may be two quantities (a round
                # amount); "$3.7M" beside "$3.74M" is one, said twice.
                if db >= da or db == 0 or a == b:
                    continue
                q = Decimal(1).scaleb(-db)
                if Decimal(a).quantize(q, ROUND_HALF_UP) == Decimal(b):
                    sa, sb = min(values[a]), min(values[b])
                    found.append(f"slide {max(sa, sb)}: rounding: {sym}{a}{suf} (slide {sa}) and {sym}{b}{suf} (slide {sb})")
    return found


def main():
    plans = []
    for path in sys.argv[1:-1]:
        with open(path, "rb") as f:
            plans.append(tomllib.load(f))
    with open(sys.argv[-1], encoding="utf-8") as f:
        deck = f.read()
    for line in lapses(plans, deck):
        print(line)


if __name__ == "__main__":
    main()
