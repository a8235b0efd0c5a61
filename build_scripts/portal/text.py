"""The data page's own UI strings, written once in Simplified Chinese and once in English.

zh-Hant is converted from the Simplified text with OpenCC s2tw (`Lang.zh`), like the rest of the
site. An unknown key raises.
"""

from __future__ import annotations

from build_scripts.common.i18n import Lang

T: dict[str, tuple[str, str]] = {
    "title": ("数据与接口", "Data and API"),
    "description": (
        "下载湖北质量强省目标追踪的全部数据（CSV、Excel、数据包 zip），使用静态 JSON 接口，复制 pandas、R、"
        "frictionless、curl 代码，并按 GB/T 7714 或 BibTeX 引用。",
        "Download all the data of the Hubei quality outline tracker (CSV, Excel, zipped data package), "
        "use the static JSON API, copy pandas, R, frictionless and curl snippets, and cite it.",
    ),
    "intro": (
        "本站的每个数字都来自同一个经过校验的 Frictionless 数据包：{title}。数据版本 {version}，"
        "以 {licence} 许可发布（注明出处即可自由使用），最后更新：{updated}。",
        "Every figure on this site comes from one validated Frictionless data package: {title}. Data "
        "version {version}, published under {licence} (free to use with attribution); last updated: {updated}.",
    ),
    "quick": ("一行代码读取数据", "One line to a DataFrame"),
    "quick.text": (
        "把这一行粘贴到 Python 中，即得到全部观测值（`period` 为文本：2024、2024-05）：",
        "Paste this line into Python to get every observation (`period` is text: 2024, 2024-05):",
    ),
    "downloads": ("下载", "Downloads"),
    "col.file": ("文件", "File"),
    "col.contents": ("内容", "Contents"),
    "col.size": ("大小", "Size"),
    "col.table": ("数据表", "Table"),
    "col.rows": ("行数", "Rows"),
    "col.updated": ("最后更新", "Last updated"),
    "col.version": ("版本", "Version"),
    "col.licence": ("许可", "Licence"),
    "col.field": ("字段", "Field"),
    "col.type": ("类型", "Type"),
    "col.description": ("说明", "Description"),
    "col.constraints": ("约束", "Constraints"),
    "col.endpoint": ("地址", "Endpoint"),
    "col.example": ("示例", "Example"),
    "file.zip": (
        "整个数据包：datapackage.json、全部 CSV 与纲要原始文本",
        "The whole package: datapackage.json, every CSV and the outline's source text",
    ),
    "file.xlsx": (
        "Excel 工作簿（WPS 亦可）：工作表 all_observations 每行一个观测值（目标名称、单位、时期、数值、来源，"
        "可筛选），其后每个数据表一个工作表；第 1 行中文说明，第 2 行字段名；数字为数值，文本按文本存储，不会被当作"
        "公式计算",
        "Excel workbook (opens in WPS too): sheet all_observations has one row per observation (target "
        "name, unit, period, value, source; filterable), then one sheet per table; row 1 Chinese "
        "description, row 2 field names; numbers are numbers, text is stored as text and never evaluated "
        "as a formula",
    ),
    "file.datapackage": (
        "数据包描述：每个数据表的字段、类型与约束",
        "Package descriptor: every table's fields, types and constraints",
    ),
    "tables": (
        "各数据表（CSV，UTF-8，与校验后的文件逐字节相同）",
        "The tables (CSV, UTF-8, byte for byte the validated files)",
    ),
    "tables.all": (
        "每个数据表的版本均为 {version}，许可均为 {licence}。",
        "Every table is version {version}, licensed {licence}.",
    ),
    "stable": (
        "`{latest}` 始终指向最新版本；`{versioned}` 固定为版本 {version}，适合在论文和脚本中引用。"
        "版本号遵循语义化版本：修订观测值升第三位，新增数据升第二位，改变结构升第一位。",
        "`{latest}` always holds the newest version; `{versioned}` stays version {version}, for papers "
        "and scripts that must keep working. Versions are semantic: corrections bump the third number, "
        "new data the second, structural changes the first.",
    ),
    "past": ("更早的版本（稳定地址）：", "Earlier versions (stable addresses):"),
    "per_target": (
        "每个目标的整理数据（tidy CSV，一行一个观测值）在 `{path}`，可在各目标页面下载；列为：",
        "Each target's tidy data (one row per observation) is at `{path}`, linked from its page; "
        "the columns are:",
    ),
    "per_target.files": (
        "同一文件夹中还有 `<indicator_id>.excel.csv`（相同内容，带 UTF-8 BOM，Excel 双击即可正确显示中文；"
        "程序请用不带 BOM 的 `.csv`）和 `<indicator_id>.package.json`（该 CSV 的 Frictionless 数据包描述："
        "字段类型与说明、许可、目标原文，可用 `frictionless validate` 校验）。",
        "Beside each are `<indicator_id>.excel.csv` (the same rows with a UTF-8 BOM, so Excel shows the "
        "Chinese correctly on a double-click; programs should read the BOM-less `.csv`) and "
        "`<indicator_id>.package.json` (the CSV's Frictionless descriptor: field types and descriptions, "
        "licence, the target's quote; `frictionless validate` checks the CSV against it).",
    ),
    "api": ("静态 JSON 接口", "Static JSON API"),
    "col.schema": ("JSON Schema", "JSON Schema"),
    "api.vocabulary": (
        "接口、每个目标的 CSV 与 Excel 工作表 all_observations 使用同一套字段名：字段沿用数据包中的列名"
        "（`status`、`quoted_value`、`unit_id`），取自关联表的列加表名前缀（`series_role`、`unit_label_zh`、"
        "`source_title`），编号保持原名。每个接口文件的 `$schema` 指向它遵循的 JSON Schema。",
        "The API, the per-target CSVs and the workbook's all_observations sheet share one vocabulary: a "
        "field keeps its package column name (`status`, `quoted_value`, `unit_id`); a column from a related "
        "table is prefixed with the table's name (`series_role`, `unit_label_zh`, `source_title`); ids keep "
        "their names. Each API file's `$schema` names the JSON Schema it conforms to.",
    ),
    "cors": ("跨域访问（CORS）", "Cross-origin access (CORS)"),
    "cors.text": (
        "其他网站的网页要用 `fetch` 读取本接口和数据文件，托管本站的服务器必须对 `api/` 和 `data/` 下的文件发送"
        "下面的响应头。GitHub Pages 会自动发送；nginx、Apache、`python -m http.server` 等默认不发送，需要自行配置"
        '（nginx：`add_header Access-Control-Allow-Origin "*" always;`）。'
        "命令行、脚本和服务器端程序不受此限制。",
        "For a web page on another site to `fetch` this API or the data files, the server hosting this "
        "site must send the header below with the files under `api/` and `data/`. GitHub Pages sends it; "
        "nginx, Apache and `python -m http.server` do not by default and must be configured (nginx: "
        '`add_header Access-Control-Allow-Origin "*" always;`). '
        "Command-line tools, scripts and servers are not affected.",
    ),
    "feed": ("数据发布订阅", "Release feed"),
    "feed.text": (
        "每个数据版本（取自数据包的更新日志 CHANGELOG.md）都是 Atom 订阅源中的一条：",
        "Every data release (from the package's CHANGELOG.md) is an entry of an Atom feed:",
    ),
    "api.text": (
        "接口是构建时生成的静态 JSON 文件，地址稳定，无需密钥。每个文件都带有 `data_version`（数据版本）、"
        "`assessed_on`（状态评估日期）与许可；配置了网站地址时，文件中的链接是绝对地址，否则是相对于该文件地址的相对链接。",
        "The API is static JSON files generated at build time: stable addresses, no key. Every file "
        "carries `data_version`, `assessed_on` (the date statuses were assessed) and the licence; links "
        "inside a file are absolute when the site's address is configured, else relative to that file's "
        "address.",
    ),
    "ep.index": ("入口：版本与接口列表", "Entry point: versions and endpoints"),
    "ep.targets": ("全部目标，含状态与最新值", "Every target with its status and latest value"),
    "ep.target": (
        "单个目标：元数据、纲要原文、各口径及其观测值与来源、状态",
        "One target: metadata, the outline's quote, series, observations with sources, status",
    ),
    "ep.sections": ("十个部分及其条目与目标", "The ten sections with their measures and targets"),
    "ep.sources": ("全部来源", "Every source"),
    "snippets": ("代码片段", "Snippets"),
    "snip.frictionless": (
        "校验数据包（逐个检查全部数据表）并逐行读取：",
        "Validate the package (every table is checked) and read its rows:",
    ),
    "snip.zip": (
        "校验 zip 中的数据表：frictionless 把远程 zip 当作单个压缩文件，只检查其中第一个文件；下面的描述文件"
        "让它从 zip 中读取并检查每一个数据表：",
        "Validate the tables inside the zip: frictionless opens a remote zip as one compressed file and "
        "checks only its first member; this descriptor makes it read and check every table from the zip:",
    ),
    "snip.zip_local": (
        "或者先下载 zip，再校验本地文件：",
        "Or download the zip, then validate the local file:",
    ),
    "snip.excel": (
        "Excel 工作簿：表头在第 2 行（`header=1`），工作表 `{sheet}` 每行一个观测值：",
        "The Excel workbook: headers are on row 2 (`header=1`); sheet `{sheet}` has one row per observation:",
    ),
    "cite": ("引用", "Cite this"),
    "cite.note": (
        "方括号中的引用日期是本页生成的日期（{today}）；请改为您实际访问的日期。",
        "The access date in brackets is the date this page was built ({today}); change it to the date "
        "you accessed the data.",
    ),
    "metadata": ("元数据", "Metadata"),
    "meta.text": (
        "本页和每个目标页面都嵌有 schema.org `Dataset` JSON-LD，网站地图为 `sitemap.xml`。供开放数据平台采集的 "
        "DCAT-AP 3.0.1 目录（JSON-LD）；软件引用信息见仓库的 `CITATION.cff`：",
        "This page and every target page embed schema.org `Dataset` JSON-LD, and the sitemap is "
        "`sitemap.xml`. The DCAT-AP 3.0.1 catalogue (JSON-LD) for open-data harvesters; the repository's "
        "`CITATION.cff` says how to cite it:",
    ),
    "schema": ("数据表与字段", "Tables and fields"),
    "schema.text": ("以下内容直接取自 datapackage.json。", "Straight from datapackage.json."),
    "primary_key": ("主键", "Primary key"),
    "foreign_key": ("外键", "Foreign key"),
    "c.required": ("必填", "required"),
    "c.unique": ("唯一", "unique"),
    "c.minimum": ("最小值", "minimum"),
    "c.maximum": ("最大值", "maximum"),
    "c.maxLength": ("最大长度", "max length"),
    "c.pattern": ("格式", "pattern"),
    "c.enum": ("取值", "one of"),
    "c.format": ("格式", "format"),
    "target.get": ("用代码获取本目标的数据", "Get this target's data in code"),
    "target.excel": (
        "用 Excel 打开（带 BOM 的 CSV，中文不会乱码）：",
        "To open in Excel (a CSV with BOM, so Chinese displays correctly):",
    ),
}


def raw(lang: Lang, key: str) -> str:
    """A portal UI string in the page's language, its `{placeholders}` unfilled."""
    zh, en = T[key]
    return en if lang.is_en else lang.zh(zh)


def t(lang: Lang, key: str, **params: object) -> str:
    """A portal UI string in the page's language, placeholders filled."""
    return raw(lang, key).format(**params)
