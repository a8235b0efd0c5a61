"""The Problem record every check yields, and the bilingual message catalogue.

A Problem locates one fault the way a maintainer sees it in a spreadsheet (file, row with the
header as row 1, column letter and name, the offending value) and says what is wrong and how to
fix it, in Chinese and English. Messages live in one catalogue so the wording stays consistent.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located fault in the data, in words a maintainer can act on."""

    file: str
    row: int | None
    column: str | None
    column_letter: str | None
    value: str | None
    code: str
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str

    def location(self) -> str:
        """`file:row:column` as far as it is known."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column_letter} ({self.column})")
        return ", ".join(parts)


def column_letter(index: int) -> str:
    """Spreadsheet letter for a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


VISIBLE_SPACE = {" "}


def show(value: str | None, limit: int = 80) -> str | None:
    """The value as a human should see it: invisible and odd characters spelled as <U+XXXX>."""
    if value is None:
        return None
    out = []
    for ch in value[:limit]:
        cat = unicodedata.category(ch)
        if ch in VISIBLE_SPACE or not (cat.startswith(("C", "Z")) or ch == "\ufeff"):
            out.append(ch)
        else:
            out.append(f"<U+{ord(ch):04X}>")
    if len(value) > limit:
        out.append("…")
    return "".join(out)


@dataclass(frozen=True)
class Message:
    zh: str
    en: str
    fix_zh: str
    fix_en: str


def _m(zh: str, en: str, fix_zh: str, fix_en: str) -> Message:
    return Message(zh, en, fix_zh, fix_en)


SAVE_AS_UTF8_ZH = "在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”，或运行 make fix-data FILE={file}"
SAVE_AS_UTF8_EN = "In Excel use “Save As → CSV UTF-8 (Comma delimited)”, or run make fix-data FILE={file}"

CATALOGUE: dict[str, Message] = {
    # --- files and bytes -------------------------------------------------------------------
    "encoding-gbk": _m(
        "文件编码是 GBK/GB18030，不是 UTF-8（中文 Windows 版 Excel 默认如此保存）。",
        "The file is encoded in GBK/GB18030, not UTF-8 (Excel on Chinese Windows saves this way).",
        SAVE_AS_UTF8_ZH,
        SAVE_AS_UTF8_EN,
    ),
    "encoding-utf16": _m(
        "文件编码是 UTF-16（Excel 的“Unicode 文本”格式），不是 UTF-8 CSV。",
        "The file is UTF-16 (Excel's “Unicode Text”), not a UTF-8 CSV.",
        SAVE_AS_UTF8_ZH,
        SAVE_AS_UTF8_EN,
    ),
    "encoding-unknown": _m(
        "文件不是有效的 UTF-8 文本（第 {line} 行附近有无法识别的字节）。",
        "The file is not valid UTF-8 text (undecodable bytes near line {line}).",
        SAVE_AS_UTF8_ZH,
        SAVE_AS_UTF8_EN,
    ),
    "bom": _m(
        "文件开头有 BOM 标记（Excel 的“CSV UTF-8”会加上）。",
        "The file starts with a byte-order mark (BOM).",
        "运行 make fix-data FILE={file} 去掉 BOM。",
        "Run make fix-data FILE={file} to remove it.",
    ),
    "crlf": _m(
        "文件使用 Windows 换行符（CRLF）。",
        "The file uses Windows line endings (CRLF).",
        "运行 make fix-data FILE={file} 改为 LF 换行。",
        "Run make fix-data FILE={file} to use LF line endings.",
    ),
    "excel-workbook": _m(
        "这是一个 Excel 工作簿（{kind}），只是文件名改成了 .csv。",
        "This is an Excel workbook ({kind}) saved under a .csv name.",
        "在 Excel 中打开后“另存为 → CSV UTF-8（逗号分隔）”。",
        "Open it in Excel and “Save As → CSV UTF-8 (Comma delimited)”.",
    ),
    "binary-file": _m(
        "文件含有 NUL 字节，不是文本 CSV。",
        "The file contains NUL bytes: it is not a text CSV.",
        "用 Excel 另存为 CSV UTF-8，或从上一个版本恢复。",
        "Save it as CSV UTF-8, or restore the previous version.",
    ),
    "lfs-pointer": _m(
        "文件是 Git LFS 指针，而不是数据本身。",
        "The file is a Git LFS pointer, not the data itself.",
        "提交真实的 CSV 内容（本仓库不使用 LFS）。",
        "Commit the real CSV content (this repository does not use LFS).",
    ),
    "conflict-marker": _m(
        "文件中残留 Git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）。",
        "Git merge-conflict markers (<<<<<<< / ======= / >>>>>>>) are left in the file.",
        "保留正确的那一版本，删除冲突标记所在的行。",
        "Keep the right version and delete the marker lines.",
    ),
    "empty-file": _m(
        "文件是空的。",
        "The file is empty.",
        "恢复文件内容：至少需要表头和一行数据。",
        "Restore its content: it needs a header and at least one row.",
    ),
    "no-data-rows": _m(
        "文件只有表头，没有数据行。",
        "The file has a header but no data rows.",
        "补上数据行，或从上一个版本恢复。",
        "Add the data rows, or restore the previous version.",
    ),
    "file-too-large": _m(
        "文件大小 {size} 字节，超过上限 {limit} 字节。",
        "The file is {size} bytes, over the {limit}-byte limit.",
        "检查是否误粘贴了大量内容。",
        "Check for content pasted by mistake.",
    ),
    "undeclared-file": _m(
        "datapackage.json 没有声明这个 CSV 文件。",
        "This CSV file is not declared in datapackage.json.",
        "删除该文件，或把数据并入已声明的文件（如 observations.csv）。",
        "Delete it, or move its rows into a declared file (e.g. observations.csv).",
    ),
    "declared-file-missing": _m(
        "datapackage.json 声明了资源“{resource}”，但文件 {path} 不存在。",
        "datapackage.json declares resource “{resource}” but the file {path} does not exist.",
        "恢复该文件，或检查文件名的拼写。",
        "Restore the file or check the spelling of its name.",
    ),
    "unsafe-path": _m(
        "资源“{resource}”的路径“{path}”不安全（绝对路径、上级目录或网址）。",
        "Resource “{resource}” has an unsafe path “{path}” (absolute, parent directory or remote URL).",
        "路径必须是包内的相对路径，例如 data/observations.csv。",
        "Use a relative path inside the package, e.g. data/observations.csv.",
    ),
    "descriptor-json": _m(
        "datapackage.json 不是有效的 JSON：第 {line} 行第 {col} 列，{detail}。",
        "datapackage.json is not valid JSON at line {line}, column {col}: {detail}.",
        "{hint_zh}",
        "{hint_en}",
    ),
    "descriptor-invalid": _m(
        "datapackage.json 的结构不符合数据包规范：{detail}",
        "datapackage.json is not a valid data package: {detail}",
        "对照上一版本的 datapackage.json 修改。",
        "Compare with the previous version of datapackage.json.",
    ),
    "resource-missing": _m(
        "datapackage.json 缺少必需的资源“{resource}”。",
        "datapackage.json lacks the required resource “{resource}”.",
        "恢复该资源的声明。",
        "Restore the resource's declaration.",
    ),
    # --- header and structure ----------------------------------------------------------------
    "title-rows": _m(
        "表头上方有 {n} 行标题或说明（表头应在第 1 行）。",
        "There are {n} title or note rows above the header (the header must be row 1).",
        "删除表头上方的行；单位等说明写在数据包的元数据里。",
        "Delete the rows above the header; units and notes belong in the package metadata.",
    ),
    "wrong-delimiter": _m(
        "分隔符不是英文逗号（看起来是“{delimiter}”）。",
        "The delimiter is not a comma (it looks like “{delimiter}”).",
        "另存为“CSV UTF-8（逗号分隔）”。",
        "Save as “CSV UTF-8 (Comma delimited)”.",
    ),
    "header-whitespace": _m(
        "列名“{name}”前后有空格。",
        "Column name “{name}” has leading or trailing spaces.",
        "删除列名前后的空格：应为“{expected}”。",
        "Remove the spaces: it should be “{expected}”.",
    ),
    "header-renamed": _m(
        "列名“{name}”不对，这一列应为“{expected}”。",
        "Column name “{name}” is wrong; this column should be “{expected}”.",
        "把列名改回“{expected}”（列名必须是英文，不能翻译）。",
        "Rename it back to “{expected}” (column names are English and must not be translated).",
    ),
    "header-reordered": _m(
        "列的顺序不对。应为：{expected}",
        "The columns are in the wrong order. Expected: {expected}",
        "按上面的顺序排列各列。",
        "Put the columns in the order above.",
    ),
    "header-extra": _m(
        "多了一列“{name}”，数据包没有这一列。",
        "Extra column “{name}” is not in the package schema.",
        "删除这一列；说明文字写到 note 列。",
        "Delete the column; put remarks in the note column.",
    ),
    "header-missing": _m(
        "缺少列“{expected}”。",
        "Column “{expected}” is missing.",
        "恢复这一列（即使为空也要保留列名）。",
        "Restore the column (keep the header even if the cells are empty).",
    ),
    "header-duplicate": _m(
        "列名“{name}”出现了不止一次。",
        "Column name “{name}” appears more than once.",
        "删除重复的列。",
        "Delete the duplicate column.",
    ),
    "header-blank": _m(
        "第 {letter} 列没有列名（常见于多余的空列）。",
        "Column {letter} has no name (often an empty trailing column).",
        "删除这个空列。",
        "Delete the empty column.",
    ),
    "blank-row": _m("这一行是空行。", "This row is blank.", "删除空行。", "Delete the blank row."),
    "row-extra-cells": _m(
        "这一行有 {n} 个单元格，比表头多（文本中可能有未加引号的逗号）。",
        "This row has {n} cells, more than the header (an unquoted comma inside text?).",
        "把含逗号的文本用英文双引号括起来，或改用中文逗号“，”。",
        "Put text containing commas in double quotes, or use the Chinese comma “，”.",
    ),
    "row-missing-cells": _m(
        "这一行只有 {n} 个单元格，比表头少。",
        "This row has only {n} cells, fewer than the header.",
        "补齐缺少的单元格（空值也要保留逗号）。",
        "Add the missing cells (keep the commas for empty values).",
    ),
    # --- cell values ---------------------------------------------------------------------------
    "required": _m(
        "“{column}”不能为空。", "“{column}” must not be empty.", "填写这一单元格。", "Fill in this cell."
    ),
    "number-percent-sign": _m(
        "数字里带有百分号。",
        "The number has a percent sign.",
        "只写数字，例如 {suggest}；单位（%）已写在口径里。",
        "Write the bare number, e.g. {suggest}; the unit (%) is in the series metadata.",
    ),
    "number-thousands-separator": _m(
        "数字里带有千位分隔符。",
        "The number has a thousands separator.",
        "去掉逗号，写成 {suggest}。",
        "Remove the separators: {suggest}.",
    ),
    "number-fullwidth": _m(
        "数字使用了全角字符。",
        "The number uses full-width characters.",
        "改为半角数字，写成 {suggest}（或运行 make fix-data FILE={file}）。",
        "Use ASCII digits: {suggest} (or run make fix-data FILE={file}).",
    ),
    "number-with-unit": _m(
        "数字后面带有单位或文字。",
        "The number carries a unit or words.",
        "只写数字（{suggest}），单位写在口径（series）的 unit_id 中。",
        "Write the bare number ({suggest}); the unit belongs in the series' unit_id.",
    ),
    "number-range": _m(
        "这里填的是一个区间，不是一个数。",
        "This is a range, not a single number.",
        "只填一个数；区间目标写在 indicators.csv 的 target_value 与 target_value_max。",
        "Write one number; range targets use target_value and target_value_max in indicators.csv.",
    ),
    "number-qualifier": _m(
        "数字前后有“约”“≥”“以上”等限定词。",
        "The number carries a qualifier such as 约, ≥ or 以上.",
        "只写数字；“约”等说明写在 note 列，比较方式写在 comparator 列。",
        "Write the bare number; put “approximately” in note, comparisons in comparator.",
    ),
    "number-not-finite": _m(
        "“{value}”不是一个有限的数。",
        "“{value}” is not a finite number.",
        "填真实数值；没有数据就删除这一行（缺口保持为缺口）。",
        "Enter the real value; with no data, delete the row (a gap stays a gap).",
    ),
    "number-scientific": _m(
        "数字是科学计数法（Excel 自动格式）。",
        "The number is in scientific notation (Excel auto-format).",
        "把单元格格式设为“数值”后重新导出，写成完整数字。",
        "Format the cell as Number and export again, writing the full digits.",
    ),
    "number-format": _m(
        "数字格式不规范。",
        "The number is not in plain decimal form.",
        "写成普通十进制数，例如 98.5、1000、0.5。",
        "Write a plain decimal such as 98.5, 1000 or 0.5.",
    ),
    "excel-error": _m(
        "单元格是 Excel 公式错误“{value}”。",
        "The cell holds the Excel formula error “{value}”.",
        "在 Excel 中修正公式或填写数值本身。",
        "Fix the formula in Excel or type the value itself.",
    ),
    "missing-marker": _m(
        "“{value}”被用来表示缺失值。",
        "“{value}” is used as a missing-value marker.",
        "没有数据就留空（若该列必填，则删除整行）；原因写在 note 列。",
        "Leave the cell empty (if the column is required, delete the row); explain in note.",
    ),
    "invisible-character": _m(
        "单元格含有不可见字符 {chars}。",
        "The cell contains invisible characters {chars}.",
        "删除这些字符（复制网页文字时常会带入），或运行 make fix-data FILE={file}。",
        "Delete them (they come with text copied from web pages), or run make fix-data FILE={file}.",
    ),
    "control-character": _m(
        "单元格含有控制字符或文字方向控制符 {chars}，可能被用来伪装文字。",
        "The cell contains control or bidi-override characters {chars}, which can disguise text.",
        "删除这些字符。",
        "Delete these characters.",
    ),
    "surrounding-space": _m(
        "单元格前后有空格。",
        "The cell has leading or trailing spaces.",
        "删除前后空格，或运行 make fix-data FILE={file}。",
        "Remove them, or run make fix-data FILE={file}.",
    ),
    "formula-start": _m(
        "文本以“{first}”开头，Excel 会把它当作公式执行。",
        "The text starts with “{first}”, which Excel would run as a formula.",
        "改写开头（例如去掉该符号，或在前面加文字）。",
        "Reword the start (e.g. drop the sign or put words before it).",
    ),
    "html-in-text": _m(
        "文本中含有 HTML 标签或脚本。",
        "The text contains HTML tags or script.",
        "删除尖括号中的内容，只保留纯文本。",
        "Remove the tags; keep plain text only.",
    ),
    "javascript-link": _m(
        "文本中含有 javascript:/data: 链接。",
        "The text contains a javascript: or data: link.",
        "删除该链接；网址只能是 http(s)。",
        "Remove the link; only http(s) addresses are allowed.",
    ),
    "url-scheme": _m(
        "网址必须以 http:// 或 https:// 开头。",
        "The address must start with http:// or https://.",
        "从浏览器地址栏复制完整网址。",
        "Copy the full address from the browser's address bar.",
    ),
    "id-format": _m(
        "编号“{value}”不符合格式：只能用小写英文字母、数字和连字符（{detail}）。",
        "Id “{value}” is malformed: only lower-case ASCII letters, digits and hyphens ({detail}).",
        "改为例如 {suggest}。",
        "Change it to e.g. {suggest}.",
    ),
    "year-format": _m(
        "“{value}”不是规范的年份或日期期别。",
        "“{value}” is not a valid period.",
        "写成 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 {suggest}。",
        "Write YYYY, YYYY-MM or YYYY-MM-DD, e.g. {suggest}.",
    ),
    "date-format": _m(
        "“{value}”不是 YYYY-MM-DD 格式的日期。",
        "“{value}” is not a YYYY-MM-DD date.",
        "写成例如 {suggest}。",
        "Write e.g. {suggest}.",
    ),
    "date-excel-serial": _m(
        "“{value}”看起来是 Excel 的日期序号，而不是日期。",
        "“{value}” looks like an Excel date serial number, not a date.",
        "把单元格格式设为文本，写成 YYYY-MM-DD。",
        "Format the cell as text and write YYYY-MM-DD.",
    ),
    "future-period": _m(
        "观测期 {value} 晚于今天（{today}）：不能有未来的观测值。",
        "Period {value} is after today ({today}): observations cannot be in the future.",
        "检查期别；目标年份写在 indicators.csv，不写在观测值里。",
        "Check the period; target years belong in indicators.csv, not in observations.",
    ),
    "future-date": _m(
        "日期 {value} 晚于今天（{today}）。",
        "Date {value} is after today ({today}).",
        "检查日期。",
        "Check the date.",
    ),
    "enum": _m(
        "“{value}”不是允许的取值。允许：{allowed}",
        "“{value}” is not an allowed value. Allowed: {allowed}",
        "改为允许值之一（注意大小写和空格）。",
        "Use one of the allowed values (mind case and spaces).",
    ),
    "out-of-range": _m(
        "数值 {value} 超出范围（{bounds}）。",
        "Value {value} is out of range ({bounds}).",
        "检查数值和单位（例如百分比不能超过 100，数量不能为负）。",
        "Check the value and its unit (e.g. a percentage cannot exceed 100, a count cannot be negative).",
    ),
    "too-long": _m(
        "文本长度 {length} 超过上限 {limit}。",
        "The text is {length} characters, over the limit of {limit}.",
        "缩短文本；长说明写在 note 列。",
        "Shorten it; longer remarks go in the note column.",
    ),
    "pattern": _m(
        "“{value}”不符合格式 {pattern}。",
        "“{value}” does not match the pattern {pattern}.",
        "对照列说明修改。",
        "Correct it as the column description says.",
    ),
    "type-error": _m(
        "“{value}”不是有效的{type_zh}。",
        "“{value}” is not a valid {type_en}.",
        "按列说明填写。",
        "Enter it as the column description says.",
    ),
    "duplicate-key": _m(
        "与第 {other} 行重复：{fields} 的组合必须唯一。",
        "Duplicates row {other}: the combination of {fields} must be unique.",
        "删除重复行，或修改其中一行。",
        "Delete the duplicate or correct one of the rows.",
    ),
    "foreign-key": _m(
        "“{value}”在 {target} 中不存在。",
        "“{value}” does not exist in {target}.",
        "先在 {target} 中添加它，或改为已有的编号（注意拼写和空格）。",
        "Add it to {target} first, or use an existing id (check spelling and spaces).",
    ),
    "frictionless": _m(
        "数据包校验错误：{detail}",
        "Data package validation error: {detail}",
        "对照列说明修改。",
        "Correct it as the column description says.",
    ),
    # --- project rules -------------------------------------------------------------------------
    "quote-not-in-outline": _m(
        "引文在纲要原文中找不到。",
        "The quote is not found in the outline's text.",
        "从纲要原文逐字复制（简体，标点可为全角或半角）。",
        "Copy it verbatim from the outline (Simplified; punctuation may be full- or half-width).",
    ),
    "quoted-value-not-in-quote": _m(
        "quoted_value“{value}”没有出现在 quote 原文中。",
        "quoted_value “{value}” does not appear in the quote.",
        "quoted_value 必须与原文中数字的写法完全一致。",
        "quoted_value must be written exactly as the number appears in the quote.",
    ),
    "indicator-without-series": _m(
        "定量目标“{value}”没有正式口径（role=official 的 series）。",
        "Numeric target “{value}” has no official series (a series with role=official).",
        "在 series.csv 中为它添加正式口径，即评价该目标所用的全省口径（即使暂时没有数据）。",
        "Add its official series to series.csv: the province-wide definition it is judged on (even with no data yet).",
    ),
    "series-unit-mismatch": _m(
        "口径单位“{value}”与目标单位“{expected}”不一致。",
        "Series unit “{value}” differs from the target's unit “{expected}”.",
        "统一单位；不同单位的量是代理口径（role=proxy），须说明。",
        "Use the target's unit; a different quantity is a proxy (role=proxy) and needs a note.",
    ),
    "two-official-series": _m(
        "目标“{value}”有不止一个正式口径（role=official）。",
        "Target “{value}” has more than one official series.",
        "只保留一个 official；其他改为 comparison/proxy/component。",
        "Keep one official series; make the others comparison/proxy/component.",
    ),
    "target-shape": _m(
        "目标的字段组合不一致：{detail}",
        "The target's fields are inconsistent: {detail}",
        "按 indicators.csv 的列说明填写。",
        "Fill them in as the indicators.csv column descriptions say.",
    ),
    "conflicting-values": _m(
        "同一口径同一期别有不同数值（{detail}），且没有说明。",
        "The same series and period have different values ({detail}) with no note.",
        "核对来源；保留两者时在 note 列说明差异。",
        "Check the sources; if both stay, explain in note.",
    ),
    "conversion-without-note": _m(
        "数值 {value} 与原文写法“{quoted}”不同，但 note 没有说明换算。",
        "Value {value} differs from the quoted “{quoted}” but note does not explain the conversion.",
        "在 note 中写明换算方式（如“按1万件=10000件换算”）。",
        "Say in note how it was converted (e.g. moving the decimal point for 万).",
    ),
    "source-unused": _m(
        "来源“{value}”没有被任何观测值引用。",
        "Source “{value}” is not used by any observation.",
        "删除该来源，或为它补充观测值。",
        "Delete the source, or add the observations that use it.",
    ),
    "series-unused": _m(
        "口径“{value}”既没有观测值，也不是目标的正式口径。",
        "Series “{value}” has no observations and is not its target's official series.",
        "删除该口径，或补充观测值。",
        "Delete the series, or add its observations.",
    ),
}


def problem(
    code: str,
    file: str,
    *,
    row: int | None = None,
    column: str | None = None,
    letter: str | None = None,
    value: str | None = None,
    **params: object,
) -> Problem:
    """Build a Problem from the catalogue; unknown codes fail loudly."""
    msg = CATALOGUE[code]
    fmt = {"file": file, "value": show(value), "column": column, **params}
    return Problem(
        file=file,
        row=row,
        column=column,
        column_letter=letter,
        value=show(value),
        code=code,
        message_zh=msg.zh.format(**fmt),
        message_en=msg.en.format(**fmt),
        fix_zh=msg.fix_zh.format(**fmt),
        fix_en=msg.fix_en.format(**fmt),
    )
