"""The papermill runner: parameters are checked first, errors are one line, secrets never leak."""

import pytest

from tradebook import __main__ as cli
from tradebook import pipeline
from tradebook.errors import ParameterError

SECRET = "sk-test-fedcba9876543210"  # made up; must not appear in any output


def write_params(folder, text):
    path = folder / "params.yaml"
    path.write_text(text)
    return path


def test_unknown_partner_stops_before_any_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "run_notebook", lambda *a, **k: pytest.fail("a notebook ran"))
    path = write_params(tmp_path, "notebooks: [01_load_data.ipynb]\nparameters: {partner: ATLANTIS}\n")
    with pytest.raises(ParameterError, match="unknown partner code 'ATLANTIS'"):
        pipeline.run(path)


def test_cli_prints_one_line_and_exits_1(tmp_path, capsys):
    path = write_params(tmp_path, "notebooks: [01_load_data.ipynb]\nparameters: {year_start: 2022, year_end: 2011}\n")
    assert cli.main(["run", "--params", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: year_start 2022 is after year_end 2011") and "\n" not in err


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("notebooks: [\n", "not valid YAML"),
        ("parameters: {}\n", "non-empty 'notebooks' list"),
        ("notebooks: [99_missing.ipynb]\n", "do not exist"),
    ],
)
def test_bad_parameter_files(tmp_path, text, fragment):
    with pytest.raises(ParameterError, match=fragment):
        pipeline.run(write_params(tmp_path, text))


def test_only_declared_parameters_are_injected(project_copy, monkeypatch):
    seen = {}
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", lambda src, out, parameters, **k: (seen.update(parameters), open(out, "w").write("{}")))
    pipeline.run_notebook(
        project_copy / "notebooks" / "01_load_data.ipynb", project_copy / "out" / "01.ipynb", {"partner": "VNM", "not_a_parameter": 1}, progress=False
    )
    assert seen == {"partner": "VNM"}


@pytest.mark.workbook
def test_run_with_a_comtrade_key_leaves_no_trace(project_copy, monkeypatch):
    """Acceptance: with COMTRADE_API_KEY set, no output file contains the key."""
    monkeypatch.setenv("COMTRADE_API_KEY", SECRET)
    default = project_copy / "notebooks" / "params" / "default.yaml"
    done = pipeline.run(default, progress=False)
    assert [p.name for p in done] == pipeline.read_params(default)["notebooks"]
    generated = [p for folder in ("outputs", "data/processed") for p in (project_copy / folder).rglob("*") if p.is_file()]
    assert any(p.suffix == ".png" for p in generated) and any(p.suffix == ".ipynb" for p in generated)
    for path in generated:
        assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.workbook
def test_single_member_and_short_range_run_into_their_own_folder(project_copy):
    """Acceptance (issues 3, 4): every notebook runs with partner=VNM and a shorter year range,
    and the claims' evidence follows the year range."""
    params = write_params(
        project_copy,
        "notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 03_complementarity.ipynb,"
        " 04_smes.ipynb, 05_ai_drivers.ipynb, 06_gravity.ipynb]\n"
        "parameters: {reporter: CHN, partner: VNM, year_start: 2016, year_end: 2020}\n",
    )
    root = project_copy / "runs" / "VNM"
    done = pipeline.run(params, output_root=root, progress=False)
    assert [p.parent for p in done] == [root / "notebooks"] * 6
    balance = (root / "tables" / "02_balance.csv").read_text().splitlines()
    assert balance[0].startswith("partner,year") and {line.split(",")[1] for line in balance[1:]} == {str(y) for y in range(2016, 2021)}
    assert (root / "figures" / "02_headline.png").exists() and not (project_copy / "outputs" / "figures").exists()
    import pandas as pd

    results = pd.read_csv(root / "tables" / "claims_results.csv", dtype=str).set_index("claim_id")
    assert set(results.index) == {f"C0{i}" for i in range(1, 10)}
    assert (results["partner"] == "VNM").all() and (results["year_end"] == "2020").all()
    assert "with Vietnam" in results.at["C03", "evidence"] and "in 2020" in results.at["C03", "evidence"]  # the member by name


@pytest.mark.workbook
def test_rerun_one_notebook_then_make_briefing_shows_the_edit(project_copy):
    """The editing loop: edit notebook 02, rerun it alone, then `make briefing` (python -m tradebook briefing)."""
    import json

    from tradebook import __main__ as cli

    both = project_copy / "both.yaml"
    both.write_text(
        "extends: notebooks/params/default.yaml\nnotebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 07_briefing.ipynb]\n"
        "parameters: {partner: VNM, year_start: 2019, year_end: 2022}\n"
    )
    root = project_copy / "runs" / "loop"
    pipeline.run(both, output_root=root, progress=False)
    notebook = project_copy / "notebooks" / "02_trade_structure.ipynb"
    content = json.loads(notebook.read_text())
    for cell in content["cells"]:
        cell["source"] = [line.replace('caption=f"Total trade, ', 'caption=f"EDITED Total trade, ') for line in cell["source"]]
    notebook.write_text(json.dumps(content))
    only_02 = project_copy / "only02.yaml"
    only_02.write_text("extends: both.yaml\nnotebooks: [02_trade_structure.ipynb]\n")
    pipeline.run(only_02, output_root=root, progress=False)
    assert "EDITED Total trade" not in (root / "briefing.html").read_text()  # not yet: the briefing was not rerun
    assert cli.main(["briefing", "--params", str(only_02), "--output-dir", str(root)]) == 0
    assert "EDITED Total trade" in (root / "briefing.html").read_text()


def test_a_project_copy_is_isolated_through_the_paths_alone(project_copy):
    """Everything resolves under the copy: a rebuild writes its data/processed, never the checkout's."""
    from pathlib import Path

    from tradebook import config, dataset

    checkout = Path(__file__).resolve().parents[1] / "data" / "processed" / "flows.parquet"
    before = checkout.stat().st_mtime_ns if checkout.exists() else None
    paths = config.paths()
    assert paths.root == project_copy and paths.tables == project_copy / "outputs" / "tables"
    dataset.build()
    assert (project_copy / "data" / "processed" / "flows.parquet").exists()
    assert (checkout.stat().st_mtime_ns if checkout.exists() else None) == before


def test_the_workbook_entry_point_checks_once_and_selects_rows():
    import pandas as pd

    from tradebook import workbook

    wb = workbook("CHN", "VNM", 2019, 2020)
    assert wb.members == ["VNM"] and wb.names == {"VNM": "Vietnam"} and wb.partner_label == "Vietnam"
    assert wb.run == {"reporter": "CHN", "partner": "VNM", "year_start": 2019, "year_end": 2020}
    table = pd.DataFrame({"source": ["a", "a", "b"], "flow": ["export", "import", "export"], "year": [2018, 2019, 2020]})
    assert wb.select(table, source="a").to_dict("list") == {"source": ["a"], "flow": ["import"], "year": [2019]}
    assert len(wb.select(table, flow=["export", "import"], in_years=False)) == 3
    with pytest.raises(ParameterError, match="unknown partner code"):
        workbook("CHN", "ATLANTIS", 2019, 2020)
