"""Reliability: stale inputs, one run per outputs folder, strict parameter files, escaped data, PDF failures."""

import os
import subprocess
import sys
import time

import nbformat
import pandas as pd
import pytest

from tradebook import __main__ as cli
from tradebook import config
from tradebook.errors import ParameterError, RawDataError, TradebookError
from tradebook.flows import dataset
from tradebook.publish import page
from tradebook.runner import export, outputs, pipeline
from tradebook.sources import manifest
from tradebook.themes import claims

CURATED = "curated_news_and_official/china_asean_annual_totals_news_series.csv"
PAYLOAD = 'https://example.org/x"><script>alert(1)</script>'


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


def set_manifest_sha(root, relative):
    """After editing a raw file in a project copy: record its new checksum (a new release of the file)."""
    table = pd.read_csv(root / "data" / "raw" / "MANIFEST.csv", dtype=str, keep_default_na=False)
    table.loc[table["path"] == relative, "sha256"] = manifest.sha256(root / "data" / "raw" / relative)
    table.to_csv(root / "data" / "raw" / "MANIFEST.csv", index=False)


def test_changed_raw_file_is_refused_by_name_even_when_01_is_not_run(project_copy, monkeypatch):
    dataset.build()
    assert dataset.is_current()
    raw = project_copy / "data" / "raw" / CURATED
    os.utime(raw, ns=(time.time_ns(), time.time_ns()))  # touched, not changed: still current
    assert dataset.is_current()
    raw.write_text(raw.read_text().replace("970,", "990,"))  # the edit the issue tried
    assert not dataset.is_current()
    monkeypatch.setattr(pipeline, "run_notebook", lambda *a, **k: pytest.fail("a notebook ran on stale data"))
    params = write(project_copy, "only02.yaml", "notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM}\n")
    with pytest.raises(RawDataError, match="china_asean_annual_totals_news_series.csv differs from its manifest"):
        pipeline.run(params, progress=False)


def test_a_new_release_with_its_manifest_row_is_rebuilt_and_a_damaged_parquet_too(project_copy):
    raw = project_copy / "data" / "raw" / CURATED
    raw.write_text(raw.read_text().replace("970,", "990,"))
    set_manifest_sha(project_copy, CURATED)
    official = dataset.load_official_totals().set_index("year")
    assert official.at[2022, "value_usd"] == 990e9  # rebuilt, not the stale 970
    config.paths().flows_parquet.write_bytes(b"not a parquet file")
    assert len(dataset.load_flows(["imf_dots"])) > 0  # rebuilt instead of ArrowInvalid


def test_second_run_into_the_same_folder_stops_with_one_line(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from tradebook.runner import outputs  # the first run\n"
            f"with outputs.lock(Path({str(tmp_path)!r})):\n"
            "    print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(outputs.BusyError, match=r"another run is writing to .*pid \d+, .*the first run"):
            with outputs.lock(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with outputs.lock(tmp_path):  # the lock dies with its process
        pass


def test_cli_reports_a_busy_folder_in_one_line(tmp_path, capsys):
    params = write(tmp_path, "p.yaml", "notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM}\n")
    with outputs.lock(tmp_path / "out") if (tmp_path / "out").mkdir() is None else None:
        assert cli.main(["run", "--params", str(params), "--output-dir", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: another run is writing to") and "\n" not in err


def test_failed_run_leaves_the_previous_outputs_whole(tmp_path, monkeypatch):
    root = tmp_path / "out"
    (root / "tables").mkdir(parents=True)
    (root / "tables" / "02_growth.csv").write_text("old run\n")
    (root / ".staging-deadbeef").mkdir()  # left by a run that was killed
    params = write(
        tmp_path, "p.yaml", "notebooks: [02_trade_structure.ipynb, 07_briefing.ipynb]\nparameters: {partner: VNM}\n"
    )

    def half_then_fail(notebook, output, parameters, **options):
        (config.paths().tables / "02_growth.csv").write_text("new run\n")
        raise TradebookError(f"{notebook.name} failed in cell 3: boom")

    monkeypatch.setattr(pipeline, "run_notebook", half_then_fail)
    with pytest.raises(TradebookError, match="boom"):
        pipeline.run(params, output_root=root, progress=False)
    assert (root / "tables" / "02_growth.csv").read_text() == "old run\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".staging")] == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        (
            "notebooks: [02_trade_structure.ipynb]\nparameters: {partnr: VNM}\n",
            "unknown parameter 'partnr' (did you mean 'partner'?)",
        ),
        (
            "notebooks: [02_trade_structure.ipynb]\nparameters: {year_strat: 2015}\n",
            "unknown parameter 'year_strat' (did you mean 'year_start'?)",
        ),
        ("notebook: [02_trade_structure.ipynb]\n", "unknown key(s) ['notebook'] (did you mean 'notebooks'?)"),
        ("notebooks: [/etc/passwd]\n", "are not notebook names"),
        ("notebooks: [02_trade_structure.ipynb]\nparameters: {partner: [VNM, THA]}\n", "partner must be one code"),
        (
            "notebooks: [01_load_data.ipynb]\nparameters: {sources: imf_dots_monthly}\n",
            "sources must be a non-empty list",
        ),
        ("notebooks: [02_trade_structure.ipynb]\nparameters: {reporter: NZL}\n", "reporter NZL is not supported"),
        ("notebooks: [02_trade_structure.ipynb]\nparameters: {partner: CHN}\n", "partner CHN is the reporter itself"),
        (
            "notebooks: [02_trade_structure.ipynb]\nparameters: {year_start: 2000, year_end: 2005}\n",
            "statistics hold no trade with ASEAN-10 in 2000–2005",
        ),
        ("extends: .\n", "is a folder (extended by p.yaml"),
        ("extends: 123\n", "extends must name one parameter file, e.g. 'extends: default.yaml', got 123"),
        (
            "extends: [a.yaml, b.yaml]\n",
            "extends must name one parameter file, e.g. 'extends: default.yaml', got ['a.yaml', 'b.yaml']",
        ),
        (
            "notebooks: [02_trade_structure.ipynb]\nrefresh: [1, 2]\n",
            "refresh must be a mapping such as 'refresh: {level: HS6}', got [1, 2]",
        ),
        (
            "notebooks: [02_trade_structure.ipynb]\nrefresh: {level: HS8}\n",
            "refresh level 'HS8' is not one of ['HS2', 'HS4', 'HS6']",
        ),
        (
            "notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM, partner: THA}\n",
            "key 'partner' is given twice (line 2): keep one",
        ),
        (
            "notebooks: [02_trade_structure.ipynb]\nnotebooks: [03_complementarity.ipynb]\n",
            "key 'notebooks' is given twice (line 2): keep one",
        ),
        (
            f"notebooks: [02_trade_structure.ipynb]\nparameters: {{partner: {'X' * 200_000}}}\n",
            "(200,002 characters): use a group",
        ),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) and len(value) > 40 else None,
)
def test_parameter_files_that_stop_before_running(tmp_path, monkeypatch, text, fragment):
    monkeypatch.setattr(pipeline, "run_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    with pytest.raises(ParameterError) as error:
        pipeline.run(write(tmp_path, "p.yaml", text), output_root=tmp_path / "out")
    assert fragment in str(error.value) and "\n" not in str(error.value)


def test_a_long_value_is_cut_in_the_error(tmp_path):
    text = f"notebooks: [02_trade_structure.ipynb]\nparameters: {{partner: {'X' * 200_000}}}\n"
    with pytest.raises(ParameterError) as error:
        pipeline.run(write(tmp_path, "p.yaml", text), output_root=tmp_path / "out")
    assert len(str(error.value)) < 400


def test_params_naming_a_folder_stops_with_one_line(tmp_path, capsys):
    assert cli.main(["run", "--params", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert "is a folder: name a YAML file such as notebooks/params/default.yaml" in err and "\n" not in err


@pytest.mark.parametrize(
    "where", [".", "notebooks", "data", "src/tradebook"], ids=["project-root", "notebooks", "data", "package"]
)
def test_an_output_folder_holding_project_files_is_refused(project_copy, monkeypatch, where):
    monkeypatch.setattr(pipeline, "run_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    (project_copy / "src" / "tradebook").mkdir(parents=True)
    params = write(project_copy, "p.yaml", "notebooks: [04_smes.ipynb]\n")
    before = (project_copy / "notebooks" / "04_smes.ipynb").read_bytes()
    with pytest.raises(ParameterError, match="is or holds the project's own .*give an empty or new folder") as error:
        pipeline.run(params, output_root=project_copy / where, progress=False)
    assert "\n" not in str(error.value) and (project_copy / "notebooks" / "04_smes.ipynb").read_bytes() == before
    assert not (project_copy / "figures").exists() and not (project_copy / "tables").exists()


def test_batch_index_escapes_a_file_name_in_its_links(tmp_path):
    from tradebook.runner import batch

    name = 'x"><img src=x onerror=alert(1)>'
    folder = tmp_path / name
    folder.mkdir()
    (folder / "briefing.html").write_text("<p>briefing</p>")
    page = batch.write_index(
        [{"name": name, "label": name, "folder": folder, "status": "ok", "headline": "h"}], tmp_path
    ).read_text()
    assert "<img" not in page and "onerror=alert(1)>" not in page
    assert 'href="x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/briefing.html"' in page


def test_extends_cycle_and_missing_parent_name_the_chain(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nnotebooks: [02_trade_structure.ipynb]\n")
    with pytest.raises(ParameterError, match="cycle \\(a.yaml → b.yaml → a.yaml\\)"):
        pipeline.read_params(tmp_path / "a.yaml")
    write(tmp_path, "c.yaml", "extends: gone.yaml\n")
    with pytest.raises(ParameterError, match="gone.yaml does not exist \\(extended by c.yaml"):
        pipeline.read_params(tmp_path / "c.yaml")


def test_output_dir_that_is_a_file(tmp_path):
    params = write(tmp_path, "p.yaml", "notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM}\n")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        pipeline.run(params, output_root=params)


def test_claims_outside_china_asean_are_not_evaluated(project_copy):
    out_of_scope = {"reporter": "THA", "partner": "CHN", "year_start": 2011, "year_end": 2024}
    table = claims.record(
        "C02", "not supported", "Thailand was the largest import source of 0 of 1 members", {"x": 1}, run=out_of_scope
    )
    row = table.set_index("claim_id").loc["C02"]
    assert (
        row["verdict"] == "not evaluated for this run"
        and "Thailand's record of its trade with China" in row["evidence"]
    )
    assert "partner THA" in row["evidence"]
    assert claims.scope({"reporter": "CHN", "partner": "RCEP-15"}).startswith(
        "the claims are about China's trade with ASEAN"
    )
    assert claims.scope({"reporter": "CHN", "partner": "VNM"}) == ""


@pytest.mark.parametrize(
    "first, last, threshold, expected",
    [
        (30.31, 30.34, 1.0, "no clear change"),
        (30.3, 31.4, 1.0, "rose"),
        (-0.16, -0.17, 0.02, "no clear change"),
        (0.10, 0.17, 0.02, "rose"),
        (0.17, 0.10, 0.02, "fell"),
    ],
)
def test_materiality_threshold(first, last, threshold, expected):
    assert claims.direction(first, last, threshold) == expected


def test_trend_needs_a_material_move():
    assert claims.c03_imbalances_ease(pd.Series([-0.16, -0.17]), 0.02) == "not supported"  # no clear change
    assert claims.c03_imbalances_ease(pd.Series([0.20, 0.12]), 0.02) == "supported"


@pytest.mark.workbook
def test_data_text_is_escaped_in_the_briefing(project_copy, capsys):
    """The issue's payload in a source_url reaches briefing.html as text, never as markup or a link."""
    raw = project_copy / "data" / "raw" / CURATED
    raw.write_text(raw.read_text().replace("http://en.people.cn/n3/2025/1028/c90000-20382811.html", PAYLOAD))
    set_manifest_sha(project_copy, CURATED)
    params = write(
        project_copy,
        "p.yaml",
        "notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 07_briefing.ipynb]\nparameters: {year_start: 2019, year_end: 2024}\n",
    )
    pipeline.run(params, progress=False)
    page = (
        project_copy / "outputs" / "p" / "briefing.html"
    ).read_text()  # a set of some notebooks runs into its own folder
    assert "<script>alert(1)" not in page and 'href="https://example.org/x"' not in page
    assert 'https://example.org/x"&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in page  # shown as text


def test_pdf_failure_is_one_line_and_leaves_no_older_pdf(project_copy, monkeypatch, capsys):
    executed = config.paths().executed / "07_briefing.ipynb"
    executed.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# briefing")]), executed)
    (config.paths().outputs / "briefing.pdf").write_bytes(b"%PDF an older run")
    monkeypatch.setattr(export, "find_chromium", lambda: "/usr/bin/chromium")

    def hangs(command, **options):
        raise subprocess.TimeoutExpired(command, options.get("timeout"))

    monkeypatch.setattr(export.subprocess, "run", hangs)
    written = export.publish({"reporter": "CHN"}, title="t")
    assert written["pdf"] is None and written["html"].exists() and written["annex"].exists()
    assert not (config.paths().outputs / "briefing.pdf").exists()
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("PDF skipped: Chromium did not finish printing") and "\n" not in printed


def test_briefing_refuses_outputs_from_another_run(project_copy):
    executed = config.paths().executed / "03_complementarity.ipynb"
    executed.parent.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["papermill"] = {"parameters": {"partner": "VNM", "year_end": 2024}}
    nbformat.write(notebook, executed)
    with pytest.raises(
        TradebookError, match="03_complementarity.ipynb in this outputs folder ran with \\{'partner': 'VNM'\\}"
    ):
        page.check_same_run({"reporter": "CHN", "partner": "ASEAN-10", "year_start": 2011, "year_end": 2024})


def test_a_notebook_run_again_leaves_nothing_of_its_earlier_run(tmp_path):
    from tradebook.runner import outputs

    for name in (
        "figures/02_member_shares.png",
        "figures/02_member_shares.json",
        "tables/02_balance.csv",
        "tables/03_tci.csv",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    outputs.clear_products(tmp_path, "02_trade_structure.ipynb")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*")) == ["tables/03_tci.csv"]


def test_a_batch_runs_lines_name_their_run_and_the_index_colours_each_claim_by_its_verdict(tmp_path):
    import io

    from tradebook.runner import batch

    out = io.StringIO()
    stream = batch.Prefixed("[VNM] ", out)
    stream.write("[ran] 01_load_data.ipynb (3.0 s)\n[start] 02_")
    stream.write("trade_structure.ipynb\npartial")
    stream.flush()
    assert out.getvalue().splitlines() == [
        "[VNM] [ran] 01_load_data.ipynb (3.0 s)",
        "[VNM] [start] 02_trade_structure.ipynb",
        "[VNM] partial",
    ]
    said = batch.verdict_labels([("C01 USD 1 trillion", "supported"), ("C09 <RCEP>", "inconclusive")])
    assert 'style="background:#1b7837" title="supported">C01 USD 1 trillion</span><small> supported</small>' in said
    assert "C09 &lt;RCEP&gt;" in said and "<RCEP>" not in said
