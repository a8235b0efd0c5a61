"""Where a validation problem sits in a CSV file as committed: the physical line and column of its cell.

Problems name a spreadsheet row and column letter; GitHub annotations need a line and a column of
the file. A quoted cell spanning lines moves later rows down, so rows are mapped to lines by
reading the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.validate.problems import Problem


@dataclass(frozen=True)
class Location:
    """Where a problem sits in the file as committed: 1-based line and character column."""

    line: int | None
    col: int | None


def letter_index(letter: str) -> int:
    """0-based column index of a spreadsheet column letter: A → 0, AA → 26."""
    index = 0
    for ch in letter:
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column letter: {letter!r}")
        index = index * 26 + ord(ch) - 64
    return index - 1


def cell_starts(text: str) -> list[list[tuple[int, int]]]:
    """For each CSV record, the (line, column) where each of its cells starts; both 1-based.

    Reads the dialect every resource declares (comma, double quote, doubled quotes inside quotes),
    the way Python's csv module does: a quote opens a quoted cell only at the start of a cell.
    """
    records: list[list[tuple[int, int]]] = []
    line, col = 1, 1
    cells = [(1, 1)]
    quoted, at_start = False, True
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                i, col = i + 2, col + 2
                continue
            if ch == '"':
                quoted = False
            elif ch == "\n":
                line, col = line + 1, 0
        elif ch == '"' and at_start:
            quoted = True
        elif ch == ",":
            cells.append((line, col + 1))
            at_start = True
            i, col = i + 1, col + 1
            continue
        elif ch == "\n":
            records.append(cells)
            line, col = line + 1, 1
            cells = [(line, 1)]
            at_start = True
            i += 1
            continue
        at_start = False
        i, col = i + 1, col + 1
    if text and not text.endswith("\n"):
        records.append(cells)
    return records


def locate(problem: Problem, root: Path) -> Location:
    """The line and column of a problem's cell in the committed file.

    A UTF-8 CSV is read to map its spreadsheet row to the physical line. Any other file (JSON, a
    GBK export), or a row or column the file does not have, keeps the row as the line and gives
    no column.
    """
    if problem.row is None:
        return Location(None, None)
    path = root / problem.file
    if path.suffix != ".csv" or not path.is_file():
        return Location(problem.row, None)
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return Location(problem.row, None)
    records = cell_starts(text)
    if problem.row > len(records):
        return Location(problem.row, None)
    cells = records[problem.row - 1]
    if problem.column_letter is None:
        return Location(cells[0][0], None)
    index = letter_index(problem.column_letter)
    if index >= len(cells):
        return Location(cells[0][0], None)
    return Location(*cells[index])
