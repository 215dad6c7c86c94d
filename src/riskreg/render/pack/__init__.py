"""The audit committee pack, rendered: HTML (`html`), Markdown (`markdown`) and PDF (`pdf`).

One module per section of the HTML pack (`summary`, `heat_map`, `appetite`, `risks`,
`closed`, `guidance`), with the pictures in `charts` and the print styles in `styles`;
`html.SECTIONS` lists the sections in the order the pack prints them.
"""
