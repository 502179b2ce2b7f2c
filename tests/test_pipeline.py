"""The papermill runner: parameters are checked first, errors are one line, secrets never leak."""

import pytest

from tradebook import __main__ as cli
from tradebook.errors import ParameterError
from tradebook.runner import pipeline

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


def test_only_declared_parameters_are_injected(project_copy):
    notebook = project_copy / "notebooks" / "01_load_data.ipynb"
    assert pipeline.injected_parameters(notebook, {"partner": "VNM", "not_a_parameter": 1}) == {"partner": "VNM"}


@pytest.mark.workbook
def test_run_with_a_comtrade_key_leaves_no_trace(project_copy, monkeypatch):
    """Acceptance: with COMTRADE_API_KEY set, no output file contains the key."""
    monkeypatch.setenv("COMTRADE_API_KEY", SECRET)
    default = project_copy / "notebooks" / "params" / "default.yaml"
    done = pipeline.run(default, progress=False)
    assert [p.name for p in done] == pipeline.read_params(default)["notebooks"]
    generated = [
        p for folder in ("outputs", "data/processed") for p in (project_copy / folder).rglob("*") if p.is_file()
    ]
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
    assert balance[0].startswith("partner,year") and {line.split(",")[1] for line in balance[1:]} == {
        str(y) for y in range(2016, 2021)
    }
    assert (root / "figures" / "02_headline.png").exists() and not (project_copy / "outputs" / "figures").exists()
    import pandas as pd

    results = pd.read_csv(root / "tables" / "claims_results.csv", dtype=str).set_index("claim_id")
    assert set(results.index) == {f"C0{i}" for i in range(1, 10)}
    assert (results["partner"] == "VNM").all() and (results["year_end"] == "2020").all()
    assert (
        "with Vietnam" in results.at["C03", "evidence"] and "in 2020" in results.at["C03", "evidence"]
    )  # the member by name


def test_a_project_copy_is_isolated_through_the_paths_alone(project_copy):
    """Everything resolves under the copy: a rebuild writes its data/processed, never the checkout's."""
    from pathlib import Path

    from tradebook import config
    from tradebook.flows import dataset

    checkout = Path(__file__).resolve().parents[1] / "data" / "processed" / "flows.parquet"
    before = checkout.stat().st_mtime_ns if checkout.exists() else None
    paths = config.paths()
    assert paths.root == project_copy and paths.tables == project_copy / "outputs" / "tables"
    dataset.build()
    assert (project_copy / "data" / "processed" / "flows.parquet").exists()
    assert (checkout.stat().st_mtime_ns if checkout.exists() else None) == before


def test_the_workbook_entry_point_checks_once_and_selects_rows(project_copy):
    import pandas as pd

    from tradebook.context import workbook

    wb = workbook("CHN", "VNM", 2019, 2020, notebook="02_trade_structure")
    assert wb.members == ["VNM"] and wb.names == {"VNM": "Vietnam"} and wb.partner_label == "Vietnam"
    assert wb.run == {"reporter": "CHN", "partner": "VNM", "year_start": 2019, "year_end": 2020}
    assert (wb.china_with_asean, wb.rival, wb.roles.each_s, wb.roles.recorded) == (
        False,
        "USA",
        "Vietnam's",
        "Vietnam-recorded",
    )
    assert workbook("CHN", "ASEAN", 2019, 2020, notebook="02_trade_structure").roles.each_s == "each member's"
    assert workbook("CHN", "ASEAN", 2019, 2020, notebook="02_trade_structure").china_with_asean
    assert workbook("USA", "VNM", 2019, 2020, notebook="02_trade_structure").rival == "CHN"
    assert (
        wb.sink.root == project_copy / "outputs" and not wb.sink.scratch
    )  # the folder the runner (here: the test) named
    table = pd.DataFrame(
        {"source": ["a", "a", "b"], "flow": ["export", "import", "export"], "year": [2018, 2019, 2020]}
    )
    assert wb.select(table, source="a").to_dict("list") == {"source": ["a"], "flow": ["import"], "year": [2019]}
    assert len(wb.select(table, flow=["export", "import"], in_years=False)) == 3
    with pytest.raises(ParameterError, match="unknown partner code"):
        workbook("CHN", "ATLANTIS", 2019, 2020, notebook="02_trade_structure")
    with pytest.raises(
        ParameterError, match=r"names no notebook in notebooks/: use this notebook's file name, one of \['01_load_data'"
    ):
        workbook("CHN", "VNM", 2019, 2020, notebook="02_trade")


def test_a_kernel_the_runner_did_not_start_writes_into_its_own_scratch_folder(project_copy, monkeypatch, capsys):
    """JupyterLab or a plain papermill call: outputs/ is left alone, the scratch folder starts empty, the first output says so."""
    import pandas as pd

    from tradebook.context import workbook

    monkeypatch.delenv("TRADEBOOK_OUTPUTS")
    scratch = project_copy / "outputs" / "scratch" / "02_trade_structure"
    scratch.mkdir(parents=True)
    (scratch / "left_from_before.csv").write_text("x\n1\n")
    wb = workbook("CHN", "VNM", 2019, 2020, notebook="02_trade_structure")
    said = capsys.readouterr().out
    assert said.startswith(
        f"Scratch run: this kernel was not started by the workbook's runner, so its tables and figures go to {scratch}"
    )
    assert "make run ONLY=02" in said
    assert wb.sink.scratch and wb.sink.root == scratch and not (scratch / "left_from_before.csv").exists()
    wb.save(pd.DataFrame({"x": [1]}), "02_try")
    wb.record("C03", "supported", "an experiment", {})
    assert (scratch / "tables" / "02_try.csv").exists() and (scratch / "tables" / "claims_results.csv").exists()
    assert sorted(p.name for p in (project_copy / "outputs").iterdir()) == ["scratch"]
