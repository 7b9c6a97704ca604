"""Problems: the mistakes users make, collected and reported all at once.

A problem names a file and, once located, a line and column. Rules that work on
documents only know *where inside the document* the mistake is (a pointer such as
`("sections", "results", 2, "weight")`); `load.locate` turns pointers into lines and
columns at the edge, composing only the files that have problems.
Each code is stable: tools and people may rely on it. The table below is the one place
codes are defined; the README's table is checked against it by the tests.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum

Pointer = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


CODES: dict[str, str] = {
    "PC001": "The file is not valid YAML.",
    "PC002": "The same key appears twice in one mapping.",
    "PC003": "A tab character is used for indentation.",
    "PC004": "The file is larger than the size limit.",
    "PC005": "The file is not UTF-8 text (binary or another encoding).",
    "PC006": "The file is empty.",
    "PC007": (
        "YAML aliases expand to too much data (an alias bomb) or refer to themselves, "
        "or values are nested too deeply."
    ),
    "PC008": "A file is in a place where no kind of document lives.",
    "PC009": "A value has the wrong type or form.",
    "PC010": "A required field is missing.",
    "PC011": "An unknown field (often a typo).",
    "PC012": "Item weights inside a section do not add up to 100.",
    "PC013": "Section weights of a template do not add up to 100.",
    "PC014": "A rating is outside the policy's scale.",
    "PC015": "A reference to a person who is not in the registry.",
    "PC016": "A reference to a department that does not exist.",
    "PC017": "A reference to a goal that does not exist.",
    "PC018": "A review rates an item that is not in the contract.",
    "PC019": "The manager chain loops back on itself.",
    "PC020": "A manager review is not written by the person's manager.",
    "PC021": "A self review is not written by the person.",
    "PC022": "A date lies outside the cycle or its phase.",
    "PC023": "The cycle's phases are out of order.",
    "PC024": "Distribution quotas do not add up to 100%.",
    "PC025": "Grade bands overlap or leave a gap.",
    "PC026": "The path and the content disagree.",
    "PC027": "The same id is used twice.",
    "PC028": "A reference to a population group that does not exist.",
    "PC029": "A reference to a template or section that does not exist.",
    "PC030": "A document for a person who has no contract in the cycle.",
    "PC031": "A reference to a grade that the policy does not define.",
    "PC032": "Rater-role weights or required roles are inconsistent.",
    "PC033": "Achievement thresholds are inconsistent.",
    "PC034": "Roll-up component weights do not add up to 100.",
    "PC035": "A file or id name that is not allowed (for example `../`).",
    "PC036": "A measured item has no usable target (missing or zero).",
    "PC037": "A review leaves items of the contract unrated.",
    "PC038": "A review rates the same item twice.",
    "PC039": "An outcome rule is inconsistent.",
    "PC040": "The committed results.yaml is not what the policy computes.",
    "PC041": "A reference to a cycle that does not exist.",
    "PC042": "The file does not start with the yaml-language-server schema line.",
    "PC043": "The file starts with a byte-order mark.",
    "PC044": "A value appears where it is not allowed.",
    "PC045": "The signature evidence (signatures.yaml) was edited, forged or cannot be checked.",
    "PC069": "A contract still holds the placeholder `perfcode new` wrote (not agreed yet).",
    "PC063": "A change on the branch has no authentic signature evidence (perfcode verify).",
    "PC064": "What was merged is not what was signed (perfcode verify).",
    "PC065": "A required signer is missing from a merge's evidence (perfcode verify).",
    "PC066": "evidence_since comes after a cycle that keeps signature evidence.",
    "PC067": "A calibration decision gives the grade the person already has (not a calibration).",
    "PC068": (
        "A calibration decision or an appeal's new grade is about a person who is not scored."
    ),
    "PC050": "A symbolic link where a record, schema, site page or folder should be.",
    "PC051": "A named pipe, device or socket where a file should be (never opened).",
    "PC052": "A folder cannot be read, or is a separate git repository (a submodule).",
    "PC053": "A file cannot be read (permission denied or another file-system error).",
    "PC054": (
        "A schema in schemas/ cannot be used (not JSON, not a JSON Schema, or a reference "
        "to another file); perfcode's own schema is used instead."
    ),
    "PC060": (
        "A line ends in a way tools read differently (a lone CR, NEL or a Unicode line "
        "separator): use LF or CRLF."
    ),
    "PC061": (
        "A review for an anonymous role names its rater (collect it as `<role>-aggregated.yaml`)."
    ),
    "PC062": "An aggregated review gathers fewer raters than the policy's minimum for its role.",
    "PC075": (
        "A commendation or penalty gives more points than the policy's cap per entry "
        "(only the cap counts)."
    ),
    "PC076": "A check-in score above 100 in a cycle whose policy does not count such scores.",
    "PC090": "A record is dated after the person it is about (or its rater) left.",
    "PC091": "A goal still holds the placeholder `perfcode new` wrote (not written yet).",
    "PC092": (
        "The repository needs a newer perfcode (people/org.yaml's minimum_perfcode_version); "
        "nothing else is checked."
    ),
    "PC093": "A record names a version of perfcode's schemas newer than this perfcode reads.",
    "PC094": "people/org.yaml's minimum_perfcode_version is not a version.",
    "PC097": "Two people have the same employee number (payroll keys on it).",
    "PC098": (
        "An imported sheet's header row lacks a column the import needs, or names one twice."
    ),
    "PC099": "A cell of an imported sheet is empty where a value is needed, or has the wrong form.",
    "PC100": (
        "A cell of an imported sheet names a person, department, group or goal that is not "
        "there, or more than one; or two rows are about the same person or goal."
    ),
    "PC101": (
        "A sheet to import cannot be read (not CSV or Excel .xlsx, larger than perfcode reads, "
        "or no such sheet)."
    ),
    "PC102": "A person's name or title still holds the placeholder `perfcode new` wrote.",
    "PC106": (
        "mkdocs.yml holds a setting perfcode does not allow: a YAML tag, hooks, a plugin or "
        "Markdown extension other than perfcode's own, or a folder outside the repository "
        "(they could run code or read files while the site is built)."
    ),
    "PC107": "A sheet to import has a header row and no rows under it: nothing to import.",
    "PC108": (
        "--mark-left would mark a policy owner, or more than half of the people still in the "
        "registry, as left: the sheet looks like part of the staff list."
    ),
    "PC110": (
        "Words the cycle's policy keeps confidential are written in the clear (everyone who "
        "can clone the repository reads them)."
    ),
    "PC111": (
        "A sealed value is not an age ciphertext (damaged or not armoured): nobody can read it."
    ),
    "PC112": (
        "A sealed value is not encrypted to exactly its readers (someone missing, someone who "
        "should not read it, or recipients its readers' keys do not account for)."
    ),
    "PC113": "A reader of confidential words lists no key, so cannot read them.",
    "PC114": "A person's key is not one age can encrypt to.",
    "PC115": "Two people list the same key.",
    "PC116": (
        "A field of words holds a lock line (what perfcode show prints for words it cannot open) "
        "instead of the words."
    ),
    "PC117": (
        "A sealed value must be sealed again to its readers (they changed), and the key "
        "perfcode rekey was given cannot open it: one of the readers it was sealed to must."
    ),
    "PC118": "Confidential words are plain, and none of their readers has a key to seal them to.",
    "PC119": ("perfcode edit: a sealed value the editor's key cannot open was changed or removed."),
}

#: each code's sentence in Chinese, for an organisation whose language is zh (the English is
#: CODES); a test checks that every code has both
CODES_ZH: dict[str, str] = {
    "PC001": "文件不是有效的 YAML。",
    "PC002": "同一映射中出现了重复的键。",
    "PC003": "缩进使用了制表符(Tab)。",
    "PC004": "文件超过了大小限制。",
    "PC005": "文件不是 UTF-8 文本(二进制文件或其他编码)。",
    "PC006": "文件是空的。",
    "PC007": "YAML 别名展开后数据过多(别名炸弹)或引用自身,或者嵌套层级过深。",
    "PC008": "文件所在位置不存放任何类型的记录。",
    "PC009": "值的类型或格式不对。",
    "PC010": "缺少必填字段。",
    "PC011": "未知字段(常见原因是拼写错误)。",
    "PC012": "同一考核维度内各考核项目的权重之和不等于 100。",
    "PC013": "考核模板各维度的权重之和不等于 100。",
    "PC014": "评分超出了考核政策的评分标准。",
    "PC015": "引用的人员不在人员名册中。",
    "PC016": "引用的部门不存在。",
    "PC017": "引用的目标不存在。",
    "PC018": "评价中评了绩效契约里没有的考核项目。",
    "PC019": "直接上级关系形成了循环。",
    "PC020": "上级评价不是由本人的直接上级填写的。",
    "PC021": "自评不是由本人填写的。",
    "PC022": "日期不在考核周期或其阶段之内。",
    "PC023": "考核周期的各阶段顺序不对。",
    "PC024": "强制分布的比例之和不等于 100%。",
    "PC025": "等级分数段有重叠或留有空档。",
    "PC026": "文件路径与文件内容不一致。",
    "PC027": "同一个 id 被使用了两次。",
    "PC028": "引用的人员类别不存在。",
    "PC029": "引用的考核模板或考核维度不存在。",
    "PC030": "该人员在本考核周期没有绩效契约,却有这份记录。",
    "PC031": "引用的等级未在考核政策中定义。",
    "PC032": "评价人角色的权重或必需角色前后不一致。",
    "PC033": "完成率对应评分的阈值前后不一致。",
    "PC034": "综合计算各组成部分的权重之和不等于 100。",
    "PC035": "文件名或 id 不被允许(例如 `../`)。",
    "PC036": "定量考核项目没有可用的目标值(缺失或为零)。",
    "PC037": "评价中有绩效契约的考核项目未评分。",
    "PC038": "评价中同一考核项目被评了两次。",
    "PC039": "结果应用规则前后不一致。",
    "PC040": "已提交的 results.yaml 与按考核政策计算的结果不一致。",
    "PC041": "引用的考核周期不存在。",
    "PC042": "文件的第一行不是 yaml-language-server 的 schema 行。",
    "PC043": "文件以字节顺序标记(BOM)开头。",
    "PC044": "此处不允许出现该值。",
    "PC045": "签字记录(signatures.yaml)被修改、伪造或无法核验。",
    "PC050": "记录、schema、站点页面或文件夹的位置是一个符号链接。",
    "PC051": "文件的位置是命名管道、设备或套接字(不会打开)。",
    "PC052": "文件夹无法读取,或是一个独立的 git 仓库(子模块)。",
    "PC053": "文件无法读取(没有权限或其他文件系统错误)。",
    "PC054": (
        "schemas/ 中的 schema 无法使用(不是 JSON、不是 JSON Schema,或引用了其他文件);"
        "改用 perfcode 自带的 schema。"
    ),
    "PC060": (
        "行尾写法会被不同工具读成不同结果(单独的 CR、NEL 或 Unicode 行分隔符),请用 LF 或 CRLF。"
    ),
    "PC061": "匿名角色的评价写明了评价人(应汇总为 `<role>-aggregated.yaml`)。",
    "PC062": "汇总评价的评价人数少于考核政策对该角色规定的最少人数。",
    "PC063": "分支上的修改没有真实有效的签字记录(perfcode verify)。",
    "PC064": "合并的内容与签字的内容不一致(perfcode verify)。",
    "PC065": "合并的签字记录中缺少必需的签字人(perfcode verify)。",
    "PC066": "evidence_since 晚于一个保留签字记录的考核周期。",
    "PC067": "校准决定给出的等级与该人员现有等级相同(不构成校准)。",
    "PC068": "校准决定或申诉调整后的等级针对的是一位不参与评分的人员。",
    "PC069": "绩效契约仍保留着 `perfcode new` 写入的占位内容(尚未商定)。",
    "PC075": "一次嘉奖或处罚的分值超过了考核政策规定的单次上限(只按上限计)。",
    "PC076": "过程检查得分超过 100,而本周期的考核政策不计此类得分。",
    "PC090": "记录的日期晚于相关人员(或其评价人)的离职日期。",
    "PC091": "目标仍保留着 `perfcode new` 写入的占位内容(尚未填写)。",
    "PC092": (
        "本仓库需要更新版本的 perfcode(people/org.yaml 的 minimum_perfcode_version),"
        "其余内容均未检查。"
    ),
    "PC093": "记录指明的 perfcode 模式(schema)版本比当前 perfcode 能读取的更新。",
    "PC094": "people/org.yaml 的 minimum_perfcode_version 不是有效的版本号。",
    "PC097": "两个人的工号相同(工资按工号发放)。",
    "PC098": "导入表格的表头缺少导入所需的列,或同一列出现了两次。",
    "PC099": "导入表格的单元格在需要填写处为空,或格式不对。",
    "PC100": (
        "导入表格的单元格所写的人员、部门、人员类别或目标不存在或不止一个;"
        "或两行写的是同一个人或同一个目标。"
    ),
    "PC101": (
        "无法读取要导入的表格(不是 CSV 或 Excel .xlsx 文件,超出 perfcode 可读取的大小,"
        "或没有该工作表)。"
    ),
    "PC102": "人员的姓名或职务仍保留着 `perfcode new` 写入的占位内容(尚未填写)。",
    "PC106": (
        "mkdocs.yml 中有 perfcode 不允许的设置:YAML 标签、hooks、perfcode 自身配置以外的插件或 "
        "Markdown 扩展,或仓库以外的文件夹(构建网站时它们可能运行代码或读取文件)。"
    ),
    "PC107": "要导入的表格只有表头,没有数据行:没有可导入的内容。",
    "PC108": (
        "--mark-left 会把政策负责人,或仍在册人员的一半以上标记为离职:该表格看起来只是部分人员名单。"
    ),
    "PC110": "周期政策规定保密的文字以明文写入(能克隆仓库的人都能读到)。",
    "PC111": "加密的值不是 age 密文(已损坏或不是 ASCII 封装):谁都无法读取。",
    "PC112": "加密的值没有恰好加密给它的读者(缺少读者、多了不应读的人,或接收者与读者密钥不符)。",
    "PC113": "保密文字的一位读者没有登记密钥,因此无法读取。",
    "PC114": "人员登记的密钥不是 age 能用于加密的密钥。",
    "PC115": "两个人登记了同一个密钥。",
    "PC116": "文字字段里是一行锁标记(perfcode show 对打不开的文字的显示),而不是文字本身。",
    "PC117": (
        "加密的值须重新加密给其读者(读者已变),而提供给 perfcode rekey 的密钥打不开它:"
        "须由它原先加密给的读者之一来做。"
    ),
    "PC118": "保密文字仍为明文,而其读者都没有可用于加密的密钥。",
    "PC119": "perfcode edit:编辑者的密钥打不开的加密值被改动或删除了。",
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    code: str
    message: str
    line: int = 0
    column: int = 0
    pointer: Pointer = ()
    key: bool = False  # point at the mapping key named by the pointer's last part, not its value
    severity: Severity = Severity.ERROR

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    @property
    def located(self) -> bool:
        return self.line > 0

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


#: control characters, line and paragraph separators, invisible formatting characters
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def one_line(text: str) -> str:
    """TEXT with the characters that would break a problem's line or hide in it (a line
    break or control character in a quoted value) written as escapes such as \\n."""
    if text.isprintable():
        return text
    return "".join(ascii(ch)[1:-1] if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


#: how many characters of a value typed by a user a message quotes
QUOTE_LIMIT = 80


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """VALUE as a message may show it: on one line, without control characters (escaped
    as \\n, \\x1b...), at most LIMIT characters (a longer value ends in "…")."""
    text = one_line(value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """VALUE in double quotes, safe to put in any message (see `shown`)."""
    return '"' + shown(value, limit).replace('"', '\\"') + '"'


def error(
    path: str, code: str, message: str, pointer: Pointer = (), *, key: bool = False
) -> Problem:
    assert code in CODES, code
    return Problem(path=path, code=code, message=one_line(message), pointer=pointer, key=key)


def warning(path: str, code: str, message: str, pointer: Pointer = ()) -> Problem:
    assert code in CODES, code
    return Problem(
        path=path,
        code=code,
        message=one_line(message),
        pointer=pointer,
        severity=Severity.WARNING,
    )


def has_errors(problems: list[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)
