"""Keeping exported text from running as a spreadsheet formula (CSV injection).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula when Excel or LibreOffice opens a CSV file. As OWASP recommends, such a cell is
written with a leading `'`, which the spreadsheet reads as "this is text". Import takes
off exactly that quote, so export then import gives back the same text.
"""

from __future__ import annotations

# Cells that a spreadsheet would run as a formula, and the quote that makes them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralised(text: str) -> str:
    """`text` with a leading quote if a spreadsheet would read it as a formula (OWASP).

    A text that begins with the quote itself gets one more, so that `unneutralised`
    gives back exactly what was written.
    """
    if text.startswith((*FORMULA_STARTS, NEUTRALISER)):
        return NEUTRALISER + text
    return text


def unneutralised(text: str) -> str:
    """Take off exactly the quote that `neutralised` added, and nothing else."""
    if text.startswith(NEUTRALISER) and text[1:2] and text[1] in (*FORMULA_STARTS, NEUTRALISER):
        return text[1:]
    return text
