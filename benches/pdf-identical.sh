#!/usr/bin/env bash
# Are two mvplan binaries' PDFs the same? For a change meant to make the PDF
# faster without changing it: renders the bench decks, the examples, the
# outside plans, a deck of every face and script, and (when the system has
# them) decks in TrueType and CFF theme fonts, with both binaries; compares
# the bytes (cmp), the pages' pixels (pdftoppm -r 60), the text
# (pdftotext -layout) and the fonts (pdffonts). Needs poppler-utils.
#   bash benches/pdf-identical.sh OLD_BINARY NEW_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
A=$(realpath "$1")
B=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$root"/benches/decks/*.md "$root"/examples/*.toml .
for p in "$root"/tests/fixtures/outside/*/plan.toml; do
  cp "$p" "outside-$(basename "$(dirname "$p")").toml"
done
cat > faces.md <<'EOF'
---
title: Faces and glyphs
---

# Every face

Regular, **bold**, *italic*, ***bold italic***, `code`, ~~struck~~ and a [link](https://example.com).

Greek αβγ, Cyrillic жзи, currency € £ ¥ ₹, quotes “a” ‘b’ — dash… and an emoji 😀 missing.

---

# A table

| Channel | Budget | Share |
|---|---:|---:|
| Search | €120,000 | 40% |
| *Social* | **€90,000** | 30% |
EOF
themed=()
fonts=(/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf
  /usr/share/fonts/opentype/inter/Inter-Thin.otf /usr/share/fonts/truetype/liberation/LiberationSans-BoldItalic.ttf)
if ls "${fonts[@]}" >/dev/null 2>&1; then
  cp "${fonts[@]}" .
  sed -n '/^name/,/^chart/p' "$root"/themes/default.toml > theme-fonts.toml
  printf '[fonts]\nregular = "DejaVuSans.ttf"\nbold = "Carlito-Bold.ttf"\nitalic = "Inter-Thin.otf"\nbold_italic = "LiberationSans-BoldItalic.ttf"\n' >> theme-fonts.toml
  themed=(faces.md dense-strategy.md)
else
  echo "(no DejaVu/Carlito/Inter/Liberation system fonts: the theme-font decks are left out)"
fi
differ=0
one() { # name, render arguments...
  local n=$1; shift
  "$A" render "$@" --format pdf -o "a-$n.pdf" --force -q 2>/dev/null
  "$B" render "$@" --format pdf -o "b-$n.pdf" --force -q 2>/dev/null
  local bytes=1 pixels=1 text=1 fonts=1
  cmp -s "a-$n.pdf" "b-$n.pdf" || bytes=0
  pdftoppm -r 60 -png "a-$n.pdf" "pa-$n"; pdftoppm -r 60 -png "b-$n.pdf" "pb-$n"
  for p in pa-"$n"-*.png; do cmp -s "$p" "${p/pa-/pb-}" || pixels=0; done
  [ "$(ls pa-"$n"-*.png | wc -l)" = "$(ls pb-"$n"-*.png | wc -l)" ] || pixels=0
  [ "$(pdftotext -layout "a-$n.pdf" - | md5sum)" = "$(pdftotext -layout "b-$n.pdf" - | md5sum)" ] || text=0
  [ "$(pdffonts "a-$n.pdf" | md5sum)" = "$(pdffonts "b-$n.pdf" | md5sum)" ] || fonts=0
  [ $bytes$pixels$text$fonts = 1111 ] || differ=1
  echo "$n: pages $(ls pa-"$n"-*.png | wc -l) bytes-same=$bytes pixels-same=$pixels text-same=$text fonts-same=$fonts size $(stat -c %s "a-$n.pdf")/$(stat -c %s "b-$n.pdf")"
  rm -f pa-"$n"-*.png pb-"$n"-*.png
}
for f in *.md *.toml; do
  case $f in theme-*) continue ;; esac
  one "${f%.*}" "$f"
done
for f in "${themed[@]}"; do one "themed-${f%.*}" "$f" --theme theme-fonts.toml; done
one notes-b2b-saas b2b-saas.toml --notes
exit $differ
