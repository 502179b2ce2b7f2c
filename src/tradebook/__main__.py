"""Command line: ``python -m tradebook run --params FILE`` | ``build`` | ``kernel`` | ``strip [--record]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import config, dataset, notebooks, pipeline
from .errors import TradebookError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tradebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks of a parameter set with papermill")
    run.add_argument("--params", type=Path, default=config.DEFAULT_PARAMS, help="YAML parameter set")
    run.add_argument("--output-dir", type=Path, default=None,
                     help="outputs folder for this run (notebooks/, figures/, tables/ inside); default outputs/")
    run.add_argument("--no-progress", action="store_true", help="hide the per-notebook progress bar")
    commands.add_parser("build", help="rebuild data/processed from data/raw")
    commands.add_parser("kernel", help="register this environment as the Jupyter kernel 'tradebook'")
    strip = commands.add_parser("strip", help="clear notebook outputs except the cells nbval checks")
    strip.add_argument("--record", action="store_true", help="take checked outputs from outputs/notebooks")
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            for path in pipeline.run(args.params, output_root=args.output_dir, progress=not args.no_progress):
                print(path)
        elif args.command == "build":
            flows = dataset.build()
            print(f"{config.FLOWS_PARQUET}: {len(flows):,} rows")
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
