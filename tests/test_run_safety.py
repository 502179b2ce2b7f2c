"""Nothing lost, nothing mixed, nothing silent (issue 32): kernels that die, unsafe paths, and bad inputs, each one line.

Each case is one row of a table where it fits: what is broken, and the words the one line must
hold. A case passes only if the run (or the build, the refresh, the annex) stops with exactly
one line naming the thing and the fix, or, where the input is legitimate, does the right thing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from baci_release import write as write_release

from tradebook import config, locks, params, reference
from tradebook.errors import ParameterError, RawDataError, SchemaError, TradebookError
from tradebook.flows import dataset
from tradebook.publish import page, sink
from tradebook.runner import annex, batch, outputs, pipeline, stamps
from tradebook.shared_tables import Table
from tradebook.sources import curated, manifest
from tradebook.sources.live import baci, comtrade, external

ROOT = Path(__file__).resolve().parents[1]


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and text, text
    return text


def tiny_notebook(path: Path, code: str, *, tagged: bool = True) -> Path:
    """A notebook with a parameters cell (tagged unless ``tagged`` is False) and one code cell."""
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("partner = 'ASEAN-10'")
    parameters.metadata["tags"] = ["parameters"] if tagged else []
    notebook.cells = [parameters, nbformat.v4.new_code_cell(code)]
    notebook.metadata["kernelspec"] = {"name": "tradebook", "display_name": "Python (tradebook)", "language": "python"}
    nbformat.write(notebook, path)
    return path


# --- kernels -------------------------------------------------------------------------------------------------


def test_a_kernel_that_dies_is_named_with_its_notebook_cell_and_signal_and_leaves_its_failed_copy(tmp_path):
    notebook = tiny_notebook(tmp_path / "09_dies.ipynb", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    with pytest.raises(TradebookError) as error:
        pipeline.run_notebook(notebook, tmp_path / "out" / "09_dies.ipynb", {"partner": "VNM"}, progress=False)
    said = one_line(error.value)
    assert said.startswith("09_dies.ipynb failed: its kernel died in cell 2") and "killed by SIGKILL" in said
    failed = tmp_path / "out" / "09_dies.failed.ipynb"
    assert failed.exists() and str(failed) in said
    assert not list((tmp_path / "out").glob(".*.running.ipynb"))


def test_a_notebook_runs_in_its_own_process_and_its_kernel_is_shut_down_without_an_interrupt(tmp_path, capfd):
    notebook = tiny_notebook(tmp_path / "09_pid.ipynb", "import os\nprint(os.getppid())")
    done = pipeline.run_notebook(notebook, tmp_path / "out" / "09_pid.ipynb", {}, progress=False)
    kernel_parent = int(nbformat.read(done, as_version=4).cells[-1].outputs[0]["text"])
    assert kernel_parent != os.getpid()  # the kernel's parent is the notebook's own process, not this one
    assert "KeyboardInterrupt" not in "".join(capfd.readouterr())


def test_a_notebook_run_twice_orders_its_sets_the_same_way(tmp_path):
    """The gravity estimates moved in the ninth digit between identical runs (set order follows the per-process string
    hash salt), so the briefing reran after an unchanged notebook 06: kernels the runner starts hash without a salt."""
    code = "print(list({'CHN', 'VNM', 'THA', 'MYS', 'IDN', 'SGP', 'PHL', 'KHM', 'LAO', 'MMR', 'BRN'}))"
    notebook = tiny_notebook(tmp_path / "09_order.ipynb", code)
    said = [
        nbformat.read(pipeline.run_notebook(notebook, tmp_path / f"out{n}" / "09_order.ipynb", {}, progress=False), 4)
        .cells[-1]
        .outputs[0]["text"]
        for n in (1, 2)
    ]
    assert said[0] == said[1]


# --- the outputs folder: links, nesting, promotion -----------------------------------------------------------


def test_a_symlinked_lock_name_or_entry_never_writes_through_the_link(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("tracked text\n")
    root = tmp_path / "outputs"
    root.mkdir()
    (root / "outputs.lock").symlink_to(readme)  # a lock file of older versions, pointed at a tracked file
    with outputs.lock(root):
        pass
    assert readme.read_text() == "tracked text\n"
    (root / "tables").symlink_to(tmp_path)
    with pytest.raises(TradebookError) as error:
        with outputs.lock(root), outputs.staging(root):
            pass
    assert "is a symbolic link" in one_line(error.value)


def test_a_lock_is_no_file_left_in_the_folder_and_a_directory_of_the_old_lock_name_is_harmless(tmp_path):
    (tmp_path / "outputs.lock").mkdir()
    with outputs.lock(tmp_path):
        assert locks.held(tmp_path)
    assert not locks.held(tmp_path) and sorted(p.name for p in tmp_path.iterdir()) == ["outputs.lock"]


def hold(folder: Path) -> subprocess.Popen:
    """Another process holding ``folder``'s lock, as a run does."""
    folder.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import time; from pathlib import Path; from tradebook import locks\nwith locks.exclusive(Path({str(folder)!r})):\n    print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize("held, ours", [("out", "out/notebooks/sub"), ("out/notebooks/sub", "out")])
def test_runs_whose_folders_nest_are_refused_while_the_other_runs(tmp_path, held, ours):
    holder = hold(tmp_path / held)
    try:
        (tmp_path / ours).mkdir(parents=True, exist_ok=True)
        with pytest.raises(TradebookError) as error:
            with outputs.lock(tmp_path / ours):
                pass
        assert "another run is writing to" in one_line(error.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_folder_inside_a_finished_runs_notebooks_is_refused_either_way(tmp_path, project_copy):
    root = tmp_path / "out"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / ".02_trade_structure.stamp").write_text("{}")
    with pytest.raises(ParameterError, match="lies inside .*notebooks, which every run into that folder replaces"):
        outputs.checked_root(root / "notebooks" / "mine")
    (root / "notebooks" / "mine" / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "mine" / "notebooks" / ".01_load_data.stamp").write_text("{}")
    with pytest.raises(ParameterError, match="holds another run's outputs"):
        outputs.checked_root(root)


def old_outputs(root: Path) -> None:
    for folder in ("notebooks", "figures", "tables"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "x.txt").write_text(f"old {folder}\n")
    (root / "briefing.html").write_text("old briefing\n")


def assert_old(root: Path) -> None:
    for folder in ("notebooks", "figures", "tables"):
        assert (root / folder / "x.txt").read_text() == f"old {folder}\n"
    assert (root / "briefing.html").read_text() == "old briefing\n"
    assert not (root / outputs.JOURNAL).exists() and not list(root.glob(".staging-*"))


def test_a_promotion_that_cannot_replace_one_entry_replaces_none(tmp_path, monkeypatch):
    root = tmp_path / "out"
    old_outputs(root)
    with outputs.lock(root), outputs.staging(root) as stage:
        for folder in ("notebooks", "figures", "tables"):
            (stage / folder / "x.txt").write_text(f"new {folder}\n")
        (stage / "briefing.html").write_text("new briefing\n")
        real_replace = os.replace

        def refuse_tables(source, target):  # as an immutable outputs/tables (chattr +i) refuses to move
            if Path(source) == root / "tables":
                raise PermissionError(1, "Operation not permitted", str(source))
            real_replace(source, target)

        monkeypatch.setattr(outputs.os, "replace", refuse_tables)
        with pytest.raises(TradebookError) as error:
            outputs.promote(stage, root)
        monkeypatch.setattr(outputs.os, "replace", real_replace)
    assert "the previous outputs in" in one_line(error.value) and "kept whole" in str(error.value)
    assert_old(root)


def test_a_promotion_killed_half_way_is_undone_by_the_next_run(tmp_path, monkeypatch):
    root = tmp_path / "out"
    old_outputs(root)

    class Killed(BaseException):
        """The process dies: nothing after this line of promote runs."""

    with outputs.lock(root), outputs.staging(root) as stage:
        (stage / "notebooks" / "x.txt").write_text("new notebooks\n")
        real_replace, moves = os.replace, []

        def die_on_the_seventh_move(source, target):
            moves.append(source)
            if (
                len(moves) == 7
            ):  # the journal written, the four old entries moved aside, the first new one in place: then SIGKILL
                raise Killed
            real_replace(source, target)

        monkeypatch.setattr(outputs.os, "replace", die_on_the_seventh_move)
        monkeypatch.setattr(outputs.atomic.os, "replace", die_on_the_seventh_move)
        with pytest.raises(Killed):
            outputs.promote(stage, root)
        monkeypatch.setattr(outputs.os, "replace", real_replace)
    # the mixed state a kill leaves: new notebooks beside no briefing
    assert (root / outputs.JOURNAL).exists() and not (root / "briefing.html").exists()
    assert (root / "notebooks" / "x.txt").read_text() == "new notebooks\n"
    with outputs.lock(root):  # the next run
        pass
    assert_old(root)


# --- what a notebook writes, and who may write it ------------------------------------------------------------


def test_the_claims_rows_a_notebook_wrote_are_part_of_its_digest(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    results = tables / "claims_results.csv"
    pd.DataFrame(
        {
            "claim_id": ["C01", "C04"],
            "verdict": ["supported", "inconclusive"],
            "recorded_by": ["02_trade_structure", "03_complementarity"],
            "computed_at": ["t1", "t1"],
        }
    ).to_csv(results, index=False)
    before = {name: stamps.products(tmp_path, f"{name}.ipynb") for name in ("02_trade_structure", "03_complementarity")}
    table = pd.read_csv(results, dtype=str)
    table.loc[0, "computed_at"] = "t2"
    table.to_csv(results, index=False)
    assert (
        stamps.products(tmp_path, "02_trade_structure.ipynb") == before["02_trade_structure"]
    )  # a new time alone is no change
    table.loc[0, "verdict"] = "not supported"  # flipped by hand
    table.to_csv(results, index=False)
    assert stamps.products(tmp_path, "02_trade_structure.ipynb") != before["02_trade_structure"]
    assert stamps.products(tmp_path, "03_complementarity.ipynb") == before["03_complementarity"]
    results.unlink()
    assert stamps.products(tmp_path, "03_complementarity.ipynb") != before["03_complementarity"]


def test_the_briefing_refuses_any_notebook_it_reads_from_another_run(project_copy):
    executed = config.paths().executed
    executed.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["papermill"] = {"parameters": {"partner": "VNM"}}
    nbformat.write(notebook, executed / "06_gravity.ipynb")
    with pytest.raises(TradebookError, match="06_gravity.ipynb in this outputs folder ran with"):
        page.check_same_run({"partner": "ASEAN-10"})


def test_a_kernel_told_a_runners_folder_writes_to_scratch(project_copy, monkeypatch):
    runners = project_copy / "outputs"
    (runners / "notebooks").mkdir(parents=True)
    (runners / "notebooks" / ".02_trade_structure.stamp").write_text("{}")
    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(runners))  # exported by hand, then a plain papermill call
    chosen = sink.Sink.for_notebook("02_trade_structure")
    assert chosen.scratch and chosen.root == runners / "scratch" / "02_trade_structure"
    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(project_copy / "nbval"))  # a folder no runner uses (nbval's)
    assert not sink.Sink.for_notebook("02_trade_structure").scratch


# --- notebooks that cannot be run as they are ----------------------------------------------------------------


@pytest.mark.parametrize(
    "damage, words",
    [
        ("untagged", "has no cell tagged 'parameters'"),
        ("truncated", "is not valid notebook JSON"),
        ("conflict", "holds merge-conflict markers (line 3)"),
        ("binary", "is not a text file"),
        ("markdown newer", "jupytext --sync notebooks/02_trade_structure.md"),
    ],
)
def test_a_notebook_that_cannot_run_as_it_is_stops_before_the_run(project_copy, damage, words):
    notebook = project_copy / "notebooks" / "02_trade_structure.ipynb"
    if damage == "untagged":
        data = json.loads(notebook.read_text())
        for cell in data["cells"]:
            cell.get("metadata", {}).pop("tags", None)
        notebook.write_text(json.dumps(data))
    elif damage == "truncated":
        notebook.write_text(notebook.read_text()[:500])
    elif damage == "conflict":
        notebook.write_text('{\n "cells": [\n<<<<<<< HEAD\n=======\n>>>>>>> other\n ]\n}\n')
    elif damage == "binary":
        notebook.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    else:
        twin = notebook.with_suffix(".md")
        twin.write_text(twin.read_text().replace("# ", "# Edited: ", 1))
        os.utime(twin, (notebook.stat().st_mtime + 60, notebook.stat().st_mtime + 60))
    with pytest.raises(TradebookError) as error:
        pipeline.notebook_paths(["02_trade_structure.ipynb"])
    assert words in one_line(error.value)


@pytest.mark.parametrize(
    "text, words",
    [
        ("notebooks: [{a: 1}]\n", "notebooks must be file names"),
        ("notebooks: [02_trade_structure.ipynb]\nfigure_formats: [png, [svg]]\n", "figure_formats must be a list"),
        ("notebooks: [01_load_data.ipynb]\nparameters: {sources: []}\n", "sources must be a non-empty list"),
        (
            "notebooks: [02_trade_structure.ipynb]\nparameters: {currency_note: '=HYPERLINK(\"http://x\")'}\n",
            "starts like a spreadsheet formula",
        ),
        ('notebooks: [02_trade_structure.ipynb]\nparameters: {currency_note: "a\\nb"}\n', "one line of at most"),
    ],
)
def test_parameter_files_that_crashed_stop_with_one_line(project_copy, text, words):
    path = project_copy / "p.yaml"
    path.write_text(text)
    with pytest.raises(ParameterError) as error:
        pipeline.run(path, output_root=project_copy / "runs" / "p", progress=False)
    assert words in one_line(error.value)
    assert not (project_copy / "runs" / "p" / "notebooks").exists()


def test_batch_refuses_the_project_root_as_its_folder(project_copy):
    with pytest.raises(ParameterError, match="is or holds the project's own"):
        batch.run(project_copy / "notebooks" / "params" / "batch", output_root=project_copy)


def test_staging_without_space_is_one_line_naming_the_outputs_folder(tmp_path, monkeypatch):
    root = tmp_path / "out"
    old_outputs(root)

    def no_space(source, target, **options):
        raise shutil.Error([(str(source), str(target), "[Errno 28] No space left on device")])

    monkeypatch.setattr(outputs.shutil, "copytree", no_space)
    with pytest.raises(TradebookError) as error:
        with outputs.lock(root), outputs.staging(root):
            pass
    said = one_line(error.value)
    assert "No space left on device" in said and str(root) in said and ".staging-" not in said
    assert_old(root)


def test_a_failure_names_the_outputs_folder_not_the_deleted_staging_folder(project_copy, monkeypatch):
    params_file = project_copy / "p.yaml"
    params_file.write_text("notebooks: [02_trade_structure.ipynb]\nparameters: {partner: VNM}\n")

    def fails_naming_its_table(notebook, output, parameters, **options):
        raise TradebookError(
            f"{notebook.name} failed in cell 3: OSError: cannot write {config.paths().tables / '02_x.csv'}"
        )

    monkeypatch.setattr(pipeline, "run_notebook", fails_naming_its_table)
    root = project_copy / "runs" / "p"
    with pytest.raises(TradebookError) as error:
        pipeline.run(params_file, output_root=root, progress=False)
    said = one_line(error.value)
    assert ".staging-" not in said and str(root / "tables" / "02_x.csv") in said


# --- the annex -----------------------------------------------------------------------------------------------


def test_text_from_the_data_never_becomes_a_formula_in_the_annex(project_copy):
    tables = config.paths().tables
    tables.mkdir(parents=True)
    pd.DataFrame(
        {"product": ["847130"], "name": ['=HYPERLINK("http://example.org","click")'], "value_usd": [1e9]}
    ).to_csv(tables / "05_x.csv", index=False)
    target = annex.write(
        {"currency_note": "current US dollars"},
        declared=[Table("05_x", "05_ai_drivers", "test", sheet="x", units="USD", sources="synthetic")],
    )
    cell = openpyxl.load_workbook(target)["x"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_currency_note_is_checked():
    assert params.check_note("currency_note", "current US dollars") == "current US dollars"
    for bad in ("=1+1", "+cmd", "x" * 200, "", 12):
        with pytest.raises(ParameterError):
            params.check_note("currency_note", bad)


# --- data files and manifests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, change, words",
    [
        ("countries.csv", lambda p, t: p.write_text(t + "VNM,Viet Nam again\n"), "lists iso3=VNM more than once"),
        ("countries.csv", lambda p, t: p.write_text(""), "data/reference/countries.csv is empty"),
        ("countries.csv", lambda p, t: (p.unlink(), p.mkdir()), "is a folder, not a table"),
        (
            "countries.csv",
            lambda p, t: p.write_bytes(t.encode() + "CIV,C\xf4te d'Ivoire\n".encode("latin-1")),
            "is not UTF-8 text",
        ),
        (
            "country_groups.csv",
            lambda p, t: p.write_text(
                t.replace("2010-01-01", "soon", 1) if "2010-01-01" in t else t.replace("1967-08-08", "soon", 1)
            ),
            "is not a date",
        ),
        ("country_groups.csv", lambda p, t: p.write_text(t + t.splitlines()[1] + "\n"), "more than once"),
        ("periods.csv", lambda p, t: p.write_text(t + t.splitlines()[1] + "\n"), "more than once"),
    ],
)
def test_broken_reference_tables_stop_with_one_line(project_copy, name, change, words):
    path = project_copy / "data" / "reference" / name
    change(path, path.read_text())
    with pytest.raises(SchemaError) as error:
        reference.countries(), reference.groups(), reference.periods()
    assert words in one_line(error.value)


def manifest_table(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "raw" / "MANIFEST.csv", dtype=str, keep_default_na=False)


def test_a_removed_manifest_row_names_the_file_it_would_drop(project_copy):
    table = manifest_table(project_copy)
    table[table["path"] != "imf_dots_monthly/dots_VNM.xlsx"].to_csv(
        project_copy / "data" / "raw" / "MANIFEST.csv", index=False
    )
    with pytest.raises(RawDataError) as error:
        manifest.verify_all()
    assert "data/raw/imf_dots_monthly/dots_VNM.xlsx has no row" in one_line(error.value)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda t: t.assign(path=t["path"].where(t.index != 0, "../../README.md")), "lies outside"),
        (lambda t: pd.concat([t, t.iloc[[0]]]), "twice"),
        ("latin-1", "is not UTF-8 text"),
    ],
)
def test_a_broken_raw_manifest_stops_with_one_line(project_copy, change, words):
    path = project_copy / "data" / "raw" / "MANIFEST.csv"
    if change == "latin-1":
        path.write_bytes(path.read_bytes() + "x.csv,0,a,Caf\xe9,o,u,c,l\n".encode("latin-1"))
    else:
        change(manifest_table(project_copy)).to_csv(path, index=False)
    with pytest.raises((RawDataError, TradebookError)) as error:
        manifest.read_manifest()
    assert words in one_line(error.value)


def set_sha(root: Path, relative: str) -> None:
    table = manifest_table(root)
    table.loc[table["path"] == relative, "sha256"] = manifest.sha256(root / "data" / "raw" / relative)
    table.to_csv(root / "data" / "raw" / "MANIFEST.csv", index=False)


def test_a_raw_workbook_of_another_format_with_its_checksum_stops_with_one_line(project_copy):
    relative = "imf_dots_monthly/dots_VNM.xlsx"
    (project_copy / "data" / "raw" / relative).write_bytes(b"%PDF-1.4 not a workbook\n")
    set_sha(project_copy, relative)
    with pytest.raises(RawDataError) as error:
        dataset.build()
    said = one_line(error.value)
    assert "could not be read as imf_dots data" in said and "imf_dots_monthly/" in said


def test_a_curated_figure_that_is_not_a_number_is_named_with_its_row(project_copy):
    relative = f"curated_news_and_official/{curated.ANNUAL_SERIES}"
    path = project_copy / "data" / "raw" / relative
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = table.index[table["total_trade"].str.strip() != ""][0]
    table.loc[row, "total_trade"] = "n/a"
    table.to_csv(path, index=False)
    set_sha(project_copy, relative)
    with pytest.raises(SchemaError) as error:
        curated.official_totals()
    assert f"value='n/a' in row {row + 2} is not a number" in one_line(error.value)


def test_external_manifest_of_random_bytes_or_outside_paths_is_one_line_and_deletes_nothing(project_copy):
    folder = config.paths().external
    folder.mkdir(parents=True)
    external.manifest_path().write_bytes(os.urandom(600))
    with pytest.raises(RawDataError) as error:
        external.rows()
    assert "make clean" in one_line(error.value)
    precious = project_copy / "README.md"
    precious.write_text("keep me\n")
    pd.DataFrame(
        [
            {
                "path": "../../README.md",
                "sha256": "x",
                "source": "baci",
                "query": json.dumps({"release": "BACI_HS92_V202501", "content_sha256": "old"}),
                "fetched_at": "2026",
            }
        ]
    ).to_csv(external.manifest_path(), index=False)
    with pytest.raises(TradebookError) as error:
        external.drop_superseded_baci("BACI_HS92_V202501", "new")
    assert "lies outside" in one_line(error.value) and precious.read_text() == "keep me\n"


def test_a_cached_comtrade_answer_without_its_manifest_row_is_recorded_again(project_copy):
    query = {"reporterCode": "156", "period": "2023", "flowCode": "X", "cmdCode": "TOTAL"}
    path = comtrade.cache_path(query)
    path.parent.mkdir(parents=True)
    pd.DataFrame({"cmdCode": ["TOTAL"], "primaryValue": [1.0]}).to_csv(path, index=False)
    assert not external.has_row(path)  # the manifest row vanished
    comtrade.fetch_cached(query, call=lambda q: pytest.fail("a cached answer was fetched again"))
    assert external.has_row(path)


def test_refreshed_data_with_a_negative_value_name_make_clean(project_copy, monkeypatch):
    flows = dataset.load_flows(["imf_dots"]).head(1).assign(source="baci", value_usd=-5.0)
    monkeypatch.setattr(external, "load", lambda: flows)
    with pytest.raises(SchemaError) as error:
        dataset.build()
    said = one_line(error.value)
    assert "value_usd is negative" in said and "make clean" in said


# --- BACI releases -------------------------------------------------------------------------------------------


def reduce_release(tmp_path: Path, engine: str = "duckdb", **damage) -> pd.DataFrame:
    write_release(tmp_path / "BACI_HS92_V202501.zip", years=(2021, 2022), **damage)
    folder = baci.extract(tmp_path / "BACI_HS92_V202501.zip", tmp_path / "release")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", baci.UnknownCodeWarning)
        return baci.reduce(folder, ["CHN", "VNM"], engine=engine)


BAD_RELEASES = [
    ({"extra_lines": {2021: ["2021,156,704,847130,1.0,1.0", "2021,156,704,847130,1.0,1.0"]}}, "appear more than once"),
    (
        {"extra_files": {"BACI_HS92_Y2021_V202501b.csv": "t,i,j,k,v,q\n2021,156,704,10121,1.0,1.0\n"}},
        "holds year 2021 more than once",
    ),
    ({"extra_files": {"BACI_HS92_Y1850_V202501.csv": "t,i,j,k,v,q\n1850,156,704,10121,1.0,1.0\n"}}, "names year 1850"),
    ({"extra_files": {"BACI_HS92_Y2100_V202501.csv": "t,i,j,k,v,q\n2100,156,704,10121,1.0,1.0\n"}}, "names year 2100"),
    ({"extra_lines": {2022: ["2022,156,704,ABCDEF,1.0,1.0"]}}, "not an HS code of up to six digits (e.g. 'ABCDEF')"),
    (
        {"extra_lines": {2022: ["2023,156,704,10121,1.0,1.0"]}},
        "hold years 2021–2023 but the files are named for 2021–2022",
    ),
    ({"extra_lines": {2022: ["2022,156,704,999999,abc,1.0"]}}, "BACI files could not be read"),
    ({"extra_lines": {2022: ["2022,xyz,704,999999,1.0,1.0"]}}, "BACI files could not be read"),
    ({"extra_lines": {2022: ["2022,156,704,999999,-4.0,1.0"]}}, "no value or a negative one"),
]


@pytest.mark.parametrize("damage, words", BAD_RELEASES)
def test_a_damaged_baci_release_stops_with_one_line(tmp_path, damage, words):
    with pytest.raises(SchemaError) as error:
        reduce_release(tmp_path, **damage)
    assert words in one_line(error.value)


@pytest.mark.parametrize(
    "name, version",
    [
        ("BACI_HS92_V202501.zip", "V202501"),
        ("BACI_HS92_V202401b.zip", "V202401b"),
        ("BACI_HS92_V202501_(1).zip", "V202501"),
        ("BACI_HS92_V202501_.zip", "V202501"),
    ],
)
def test_the_release_tag_is_read_without_what_a_download_adds(name, version):
    assert baci.release_version(name) == version
