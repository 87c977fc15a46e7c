"""Cells for the CSV and Excel files the portal hands out.

Text that begins with = + - @ (or a tab or carriage return) is run as a formula when a
spreadsheet application opens the file ("CSV injection"): a member's name or a call's
title could then fetch a URL or run a command on a curator's computer. Every export
writes its cells through `formula_safe`, which keeps such text as text with a leading
quote (the funds import strips it again).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """The value for a spreadsheet cell: text that would run as a formula gets a leading
    quote; anything else (numbers, dates, empty values) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_safe_row(values) -> list:
    return [formula_safe(value) for value in values]
