"""Every year a short run names lies inside its window: the executive summary, the batch index line, the
rerouting comparison (about China's exports to ASEAN, so left out of a member's own run)."""

import re

import pytest
from published import published_years

from tradebook.runner import batch, pipeline

CASES = [("THA", "CHN", 2015, 2022, ["06_gravity.ipynb"]), ("CHN", "VNM", 2015, 2020, [])]


@pytest.mark.workbook
@pytest.mark.parametrize("reporter, partner, start, end, extra", CASES, ids=["THA-CHN-2015-2022", "CHN-VNM-2015-2020"])
def test_every_year_named_lies_in_the_run_window(project_copy, reporter, partner, start, end, extra):
    notebooks = [
        "01_load_data.ipynb",
        "02_trade_structure.ipynb",
        "03_complementarity.ipynb",
        *extra,
        "07_briefing.ipynb",
    ]
    params = project_copy / "short.yaml"
    params.write_text(
        f"notebooks: [{', '.join(notebooks)}]\nparameters: {{reporter: {reporter}, partner: {partner}, year_start: {start}, year_end: {end}}}\n"
    )
    root = project_copy / "runs" / "short"
    pipeline.run(params, output_root=root, progress=False)
    page = (root / "briefing.html").read_text()
    start_at = page.index('id="Executive-summary"')  # the section, not its line in the contents
    summary = re.sub(r"<[^>]+>", " ", page[start_at : page.index("<h2 ", start_at + 10)])
    named = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", summary)}
    assert named and named <= set(range(start, end + 1)) | published_years(root), (sorted(named), summary)
    line = batch.headline(root, range(start, end + 1))
    assert {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", line)} <= set(range(start, end + 1)), line
    if extra:  # a member's own record with China: the rerouting comparison does not fit and says so
        assert not (root / "figures" / "06_rerouting.png").exists()
        assert (
            "Left out: the comparison is about China's exports to the ASEAN members"
            in (root / "notebooks" / "06_gravity.ipynb").read_text()
        )
