"""Command line: ``python -m tradebook run [02 …] --params FILE`` | ``briefing`` | ``batch -j N`` | ``refresh`` | ``build`` | ``kernel`` | ``strip``."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from tradebook import config, language
from tradebook.errors import TradebookError
from tradebook.flows import dataset
from tradebook.runner import batch, notebooks, outputs, pipeline
from tradebook.sources.live import baci, external
from tradebook.sources.live import refresh as refresh_


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tradebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks of a parameter set with papermill")
    run.add_argument(
        "notebooks",
        nargs="*",
        help="only these notebooks (a number such as 02, or a name) and those that read them; default all",
    )
    run.add_argument("--params", type=Path, default=config.paths().default_params, help="YAML parameter set")
    run.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        help="outputs folder for this run (notebooks/, figures/, tables/ inside); default outputs/",
    )
    run.add_argument("--no-progress", action="store_true", help="hide the per-notebook progress bar")
    run.add_argument("-j", "--jobs", type=int, default=None, help="notebooks at once (default: the number of cores)")
    run.add_argument(
        "--force", action="store_true", help="rerun every notebook, even those whose inputs did not change"
    )
    run.add_argument(
        "--language", default=None, help="the edition: en or zh-Hans (default: the set's `language`, else en)"
    )
    publish = commands.add_parser(
        "briefing", help="run the briefing notebook on the outputs there, export HTML and PDF, write the Excel annex"
    )
    publish.add_argument(
        "--params", type=Path, default=config.paths().default_params, help="the parameter set that was run"
    )
    publish.add_argument("--output-dir", type=Path, default=None, help="that run's outputs folder; default outputs/")
    publish.add_argument("--language", default=None, help="the edition: en or zh-Hans (default: the set's, else en)")
    batch_parser = commands.add_parser("batch", help="one briefing per parameter file, in parallel worker processes")
    batch_parser.add_argument(
        "--params-dir", type=Path, default=config.paths().params / "batch", help="folder of YAML parameter sets"
    )
    batch_parser.add_argument("--output-dir", type=Path, default=None, help="default outputs/batch")
    batch_parser.add_argument("-j", "--jobs", type=int, default=2, help="worker processes")
    batch_parser.add_argument(
        "--language", default=None, help="every briefing in this edition: en or zh-Hans (default: each set's, else en)"
    )
    refresh = commands.add_parser(
        "refresh", help="fetch product-level data for a parameter set (UN Comtrade) or reduce a BACI zip"
    )
    refresh.add_argument(
        "--params",
        type=Path,
        default=config.paths().default_params,
        help="YAML parameter set (its years, reporter, partner)",
    )
    refresh.add_argument(
        "--level",
        choices=["HS2", "HS4", "HS6"],
        default=None,
        help="product level (default: the file's refresh.level, else HS2; HS4/HS6 need COMTRADE_API_KEY)",
    )
    refresh.add_argument(
        "--baci", type=Path, default=None, help="a CEPII BACI release zip to reduce instead of calling Comtrade"
    )
    refresh.add_argument(
        "--gacc",
        type=Path,
        default=None,
        help="GACC release pages saved from its site (an .html file or a folder of them) to add",
    )
    refresh.add_argument(
        "--engine",
        default="duckdb",
        help="the SQL engine that reduces the BACI release: duckdb (default) or spark (SPARK_MASTER, local[2] if unset)",
    )
    refresh.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    commands.add_parser("build", help="rebuild data/processed from data/raw")
    commands.add_parser(
        "catalogue", help="compile the message catalogues (.po → .mo) the other editions are written from"
    )
    commands.add_parser("kernel", help="register this environment as the Jupyter kernel 'tradebook'")
    strip = commands.add_parser("strip", help="clear notebook outputs except the cells nbval checks")
    strip.add_argument("--record", action="store_true", help="take checked outputs from outputs/notebooks")
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            done = pipeline.run(
                args.params,
                output_root=args.output_dir,
                progress=not args.no_progress,
                jobs=args.jobs,
                force=args.force,
                only=args.notebooks or None,
                language=args.language,
            )
            root = done[0].parent.parent
            made_briefing = any(
                path.name == pipeline.BRIEFING for path in done
            )  # a run without 07 leaves any briefing there as it was
            written = [
                root / name
                for name in outputs.products(pipeline.run_language(args.params, args.language)).values()
                if made_briefing and (root / name).exists()
            ]
            print("\n".join(str(path) for path in (written or done)))
        elif args.command == "briefing":
            done = pipeline.run(
                args.params,
                output_root=args.output_dir,
                progress=False,
                only=[pipeline.BRIEFING],
                language=args.language,
            )
            root = done[0].parent.parent
            for name in outputs.products(pipeline.run_language(args.params, args.language)).values():
                print(root / name if (root / name).exists() else f"{name}: not written")
        elif args.command == "batch":
            outcome = batch.run(args.params_dir, output_root=args.output_dir, jobs=args.jobs, language=args.language)
            failed = [r for r in outcome if r["status"] != "ok"]
            for result in failed:
                print(f"error: {result['name']}: {result['error']}", file=sys.stderr)
            print(
                f"{len(outcome) - len(failed)} of {len(outcome)} briefings written; index: "
                f"{batch.index_path(args.output_dir, args.language)}"
            )
            return 1 if failed else 0
        elif args.command == "refresh" and args.gacc:
            for line in refresh_.add_gacc_pages(args.gacc):
                print(line)
            print("the next run reads these pages beside the shipped ones (China's own record by partner, in yuan)")
        elif args.command == "refresh":
            spec, parameters = pipeline.checked_parameters(args.params)
            if args.baci:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", baci.UnknownCodeWarning)
                    target = refresh_.reduce_baci(args.baci, parameters, engine=args.engine)
                for warning in caught:
                    print(f"warning: {warning.message}", file=sys.stderr)
                print(f"BACI reduced to {target}; the next run merges it (source 'baci')")
                releases = external.baci_releases()
                if len(releases) > 1:
                    print(
                        f"note: data/external holds BACI releases {releases}: the workbook uses the newest, {releases[0]}, "
                        "and ignores the others (`make clean` drops every refreshed file)"
                    )
                return 0
            level = args.level or (spec.get("refresh") or {}).get("level", "HS2")
            summary = refresh_.run_comtrade(parameters, level, progress=not args.no_progress)
            print("\n".join(summary.lines()))
            print(
                "the next run merges the refreshed data (source 'comtrade'); cached calls are skipped if you refresh again"
                if summary.fetched or summary.cached
                else "nothing was fetched: the workbook keeps using the shipped data"
            )
            return 1 if summary.failed else 0
        elif args.command == "catalogue":
            print("\n".join(language.compile_catalogues()))
        elif args.command == "build":
            flows = dataset.build()
            print(f"{config.paths().flows_parquet}: {len(flows):,} rows")
        elif args.command == "strip":
            for path in notebooks.strip_all(record=args.record):
                print(f"stripped {path.name}")
        else:
            print(f"kernel: {pipeline.ensure_kernel()}")
    except TradebookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
