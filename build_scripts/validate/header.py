"""Header checks: the first row must be exactly the schema's field names, in order.

When the header is wrong every later message would be noise, so a file with a bad header is
reported here and not checked cell by cell.
"""

from __future__ import annotations

from collections import Counter

from build_scripts.validate.problems import Problem, column_letter, problem

TITLE_ROWS_SEARCHED = 5


def check_header(rows: list[list[str]], expected: list[str], rel: str) -> list[Problem]:
    """Problems with the header row; an empty list means the header is exactly right."""
    header = rows[0]
    if header == expected:
        return []
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        delimiter = next(d for d in (";", "\t", "|") if d in header[0])
        return [problem("wrong-delimiter", rel, row=1, delimiter="Tab" if delimiter == "\t" else delimiter)]
    for offset in range(1, min(TITLE_ROWS_SEARCHED + 1, len(rows))):
        if [c.strip() for c in rows[offset]] == expected:
            return [problem("title-rows", rel, row=1, n=offset, value=",".join(header)[:60])]
    return _label_problems(header, expected, rel)


def _label_problems(header: list[str], expected: list[str], rel: str) -> list[Problem]:
    problems: list[Problem] = []
    stripped = [h.strip() for h in header]
    for i, (raw, name) in enumerate(zip(header, stripped, strict=True)):
        if raw != name and name in expected:
            problems.append(
                problem(
                    "header-whitespace",
                    rel,
                    row=1,
                    column=name,
                    letter=column_letter(i),
                    value=raw,
                    name=raw,
                    expected=name,
                )
            )
    for name, count in Counter(n for n in stripped if n).items():
        if count > 1:
            problems.append(problem("header-duplicate", rel, row=1, column=name, value=name, name=name))
    if problems:
        return problems
    if sorted(stripped) == sorted(expected):
        return [problem("header-reordered", rel, row=1, expected=", ".join(expected))]
    for i, name in enumerate(stripped):
        if not name:
            problems.append(problem("header-blank", rel, row=1, letter=column_letter(i), column=None))
    unknown = [(i, n) for i, n in enumerate(stripped) if n and n not in expected]
    missing = [n for n in expected if n not in stripped]
    if len(unknown) == len(missing):
        # Same count: most likely renamed or translated in place.
        for (i, name), want in zip(unknown, missing, strict=True):
            problems.append(
                problem(
                    "header-renamed",
                    rel,
                    row=1,
                    column=name,
                    letter=column_letter(i),
                    value=name,
                    name=name,
                    expected=want,
                )
            )
        return problems
    for i, name in unknown:
        problems.append(
            problem("header-extra", rel, row=1, column=name, letter=column_letter(i), value=name, name=name)
        )
    for want in missing:
        problems.append(problem("header-missing", rel, row=1, column=want, expected=want))
    return problems
