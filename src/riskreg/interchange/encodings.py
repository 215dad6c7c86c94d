"""Telling how a text file is encoded: what Excel and other tools write when they save CSV.

Detected, in this order: UTF-8 with a BOM, UTF-16 with a BOM (Excel's "Unicode text"),
UTF-8 without one, and else Windows-1252 (Excel's "CSV" on a Western European Windows).
Any other encoding is named with `--encoding`. The result names the encoding, so the
user sees what was assumed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from riskreg.errors import UsageError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (little-endian) with a BOM"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (big-endian) with a BOM"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as shown to the user: "UTF-8", "Windows-1252", ...


def decode(raw: bytes, shown: str, encoding: str | None = None) -> Decoded:
    """The text of `raw`, in `encoding` if given, else in the encoding detected."""
    if encoding is not None:
        return _decode_as(raw, shown, encoding)
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), name)
            except UnicodeDecodeError as error:
                raise UsageError(
                    f"{shown}:{_at(raw, error.start)}: starts with a {name.split(' with')[0]} "
                    f"BOM but byte 0x{raw[error.start]:02X} here is not "
                    f"{name.split(' with')[0]}; give --encoding NAME"
                ) from None
    try:
        return Decoded(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    if raw[:200].count(0) > 0:
        raise UsageError(
            f"{shown}: holds NUL bytes, as UTF-16 without a BOM does; "
            "give --encoding utf-16-le (or utf-16-be)"
        )
    try:
        return Decoded(raw.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{shown}:{_at(raw, error.start)}: neither UTF-8 nor Windows-1252 (byte "
            f"0x{raw[error.start]:02X} here); give --encoding NAME, e.g. --encoding latin-1"
        ) from None


def _decode_as(raw: bytes, shown: str, encoding: str) -> Decoded:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"--encoding {encoding}: not an encoding Python knows") from None
    codec = "utf-8-sig" if info.name == "utf-8" else info.name
    try:
        return Decoded(raw.decode(codec), f"{encoding} (as given)")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{shown}:{_at(raw, error.start)}: byte 0x{raw[error.start]:02X} is not {encoding}"
        ) from None


def _at(raw: bytes, offset: int) -> str:
    """Where a byte is, as line:column (what editors and compilers print)."""
    from riskreg.problems import byte_position

    line, column = byte_position(raw, offset)
    return f"{line}:{column}"
