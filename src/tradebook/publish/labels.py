"""The reader's words for the workbook's internal names: one table, used by every table heading and sentence a reader sees.

Column names (``source_agency``), model terms (``ACFTA_UPGRADE_lead2to4``) and parameter names
(``year_start``) are how the code and the CSV tables speak; the briefing and the annex's headings
speak as a trade report does. A name missing from ``LABELS`` is shown with its underscores as
spaces, and ``tests/test_labels.py`` fails on any snake_case word left in the briefing's text.
"""

from __future__ import annotations

import re

import pandas as pd

from tradebook import language

LABELS = {
    # table columns
    "source_agency": language.marked("source"),
    "source_url": language.marked("source page"),
    "source_kind": language.marked("kind of source"),
    # gravity terms (themes.gravity): the agreements, the known shocks, the pair covariates
    "RCEP": language.marked("RCEP"),
    "ACFTA_UPGRADE": language.marked("ACFTA upgrade (2.0)"),
    "AANZFTA": language.marked("ASEAN–Australia–New Zealand FTA"),
    "CPTPP": language.marked("CPTPP"),
    "ChAFTA": language.marked("China–Australia FTA"),
    "CKFTA": language.marked("China–Korea FTA"),
    "ASEAN_US_DIVERSION": language.marked("diversion of US imports to ASEAN"),
    "CHINA_TARIFFS_ON_US": language.marked("China's tariffs on US goods"),
    "US_TARIFFS_ON_CHINA": language.marked("US tariffs on China"),
    "ln_distance": language.marked("distance (log)"),
    "contiguous": language.marked("common border"),
    "common_language": language.marked("common language"),
    # the run's parameters (the appendix lists them)
    "reporter": language.marked("reporting economy"),
    "partner": language.marked("partner"),
    "year_start": language.marked("first year"),
    "year_end": language.marked("last year"),
    "sources": language.marked("data sources"),
    "currency_note": language.marked("currency and valuation"),
    "benchmarks": language.marked("benchmark economies"),
    "basket_file": language.marked("AI-goods basket"),
}

# a model term's timing suffix, as a reader says it
TIMING = {
    "_lead1": language.marked("a year before entry"),
    "_lead2to4": language.marked("2–4 years before entry"),
    "_lag4": language.marked("from the fourth year in force"),
}

SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[A-Z]+(?:_[A-Z]+)+\b")


def label(name: str) -> str:
    """The reader's label of an internal name: from ``LABELS``, a timing suffix said in words, else underscores as spaces;
    in the Chinese edition, ``LABELS``'s words translated by the catalogue, else ``chinese_header``."""
    if name in LABELS:
        return language.text(LABELS[name])
    for suffix, words in TIMING.items():
        if name.endswith(suffix):
            return language.text("{term}, {timing}", term=label(name[: -len(suffix)]), timing=language.text(words))
    if language.chinese():
        return chinese_header(name)
    return name.replace("_", " ")


def columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column heading as its reader's label."""
    return frame.rename(columns=lambda column: label(str(column)))


def internal_names(text: str) -> list[str]:
    """The snake_case and SCREAMING_CASE words in ``text`` (a reader's text should have none), outside web addresses and file names."""
    prose = re.sub(r"\S*(?:https?://|www\.|/)\S*|\S+\.(?:csv|xlsx|rds|json|txt|zip|parquet|html|pdf)\b", " ", text)
    return sorted(set(SNAKE_CASE.findall(prose)))


# The Chinese edition's words for the parts of a column name (annex headers, tables under figures): GACC's terms where
# it has them (data/reference/glossary.csv: 进出口, 出口, 进口, 贸易差额), the workbook authors' translation otherwise.
CHINESE_WORDS = {
    "12m": "12个月", "actual": "实际", "after": "之后", "agency": "机构", "agreement": "协定", "asean": "东盟",
    "backtest": "回测", "balance": "贸易差额", "basket": "商品篮子", "before": "之前", "cagr": "年均复合增长率",
    "change": "变化", "china": "中国", "ci": "置信区间", "cny": "人民币", "coef": "系数", "complete": "完整",
    "coverage": "覆盖率", "currency": "币种", "date": "日期", "dropped": "剔除", "entry": "生效", "error": "误差",
    "export": "出口", "exporter": "出口方", "exports": "出口", "first": "首个", "fitted": "拟合", "flag": "标记",
    "flow": "流向", "force": "生效", "foreign": "外资", "from": "起始", "gap": "差距", "growth": "增长",
    "grubel": "Grubel", "high": "上限", "import": "进口", "importer": "进口方", "in": "", "inside": "在区间内",
    "intensity": "强度", "invested": "企业", "kind": "类型", "label": "名称", "last": "最后", "level": "层级",
    "lloyd": "Lloyd", "low": "下限", "max": "最大", "mean": "平均", "measure": "指标", "member": "成员",
    "members": "成员数", "method": "方法", "min": "最小", "mirror": "镜像", "month": "月份", "n": "数量",
    "name": "名称", "native": "原币", "normalized": "标准化", "note": "注释", "notes": "注释", "obs": "观测值",
    "owned": "企业", "p": "p", "page": "网页", "pair": "国家对", "pairs": "国家对", "partner": "伙伴",
    "pct": "%", "per": "每", "period": "时期", "point": "点估计", "pp": "百分点", "price": "价格",
    "private": "民营", "product": "产品", "products": "产品数", "projected": "预测", "rank": "排名", "rate": "汇率",
    "ratio": "比率", "release": "发布", "reported": "报告", "reporter": "报告方", "rolling": "滚动", "ruv": "相对单位价值",
    "se": "标准误", "sentence": "语句", "separated": "分列", "series": "序列", "share": "份额", "side": "记录方",
    "source": "来源", "sources": "来源", "specification": "设定", "state": "国有", "tci": "互补性指数", "term": "项",
    "to": "截止", "topic": "主题", "total": "总额", "treated": "处理组", "url": "网址", "us": "美国", "usd": "美元",
    "used": "使用", "value": "金额", "w": "世界", "wj": "世界对j", "x": "出口", "year": "年份", "years": "年数",
    "yoy": "同比", "ytd": "年初至今", "i": "i", "ij": "ij", "claim": "说法", "id": "编号", "speaker": "发言人",
    "theme": "主题", "verdict": "结论", "evidence": "证据", "rule": "判定规则", "indicator": "指标", "data": "数据",
    "rca": "显示性比较优势", "rsca": "对称显示性比较优势", "hhi": "赫芬达尔指数", "similarity": "相似度",
    "estimated": "估算", "rows": "行数", "status": "状态", "diff": "差异", "official": "官方", "quality": "质量",
    "unit": "单位", "uv": "单位价值", "world": "世界", "group": "集团", "section": "类", "chapter": "章",
    "sheet": "工作表", "contents": "内容", "units": "单位", "item": "项目", "language": "语言",
    "figure": "数字", "published": "公布数", "projection": "预测",
}  # fmt: skip
UNIT_WORDS_ZH = {"usd": "美元", "pct": "%", "pp": "百分点", "bn": "十亿美元"}
CHINESE_HEADERS = {  # whole names whose parts, word by word, would read wrongly in Chinese
    "p_value": "p值", "years_in_force": "生效年数", "n_obs": "观测值数", "n_pairs": "国家对数", "n_dropped": "剔除数",
    "n_separated": "完全分离数",
}  # fmt: skip


def chinese_header(name: str) -> str:
    """A column name in Chinese, part by part (``CHINESE_WORDS``), its unit in brackets: 'value_usd' → '金额（美元）',
    'share_pct' → '份额（%）'; a part without a Chinese word stays as it is (a code such as HS or RCA)."""
    if name in CHINESE_HEADERS:
        return CHINESE_HEADERS[name]
    parts = [part for part in str(name).split("_") if part]
    unit = UNIT_WORDS_ZH.get(parts[-1]) if len(parts) > 1 else None
    words = [CHINESE_WORDS.get(part.lower(), part) for part in (parts[:-1] if unit else parts)]
    return "".join(words) + (f"（{unit}）" if unit else "")
