"""The audit committee pack, rendered: HTML (`html`), Markdown (`markdown`) and PDF (`pdf`).

The HTML is laid out by the templates in `templates/`, one per section, which
`html.SECTIONS` lists in the order the pack prints them; the pictures are drawn in
`charts` and `heat_map`, and the band colours made CSS in `styles`. The PDF is the
HTML printed; the Markdown is built from the same report values.
"""
