"""The SQL engines a BACI release is reduced with: DuckDB on one machine (default), Apache Spark to scale out.

Both run the same statements (``baci.reduce`` writes them once, in SQL both dialects accept:
``GROUP BY ALL``, ``CAST(… AS STRING)``, ``lpad``/``substr``, ``IN (SELECT …)``), over the
same relations: ``baci_rows`` (the yearly CSVs, columns t, i, j, k, v, q), and small tables
registered from pandas (the release's country codes). An engine only knows how to name a
relation, keep an intermediate result, and hand a (small) result back as a pandas frame.

Spark runs where ``SPARK_MASTER`` points (``local[2]`` when unset: two local cores; a cluster
as ``spark://host:7077`` or ``yarn``), with Java 17 (Debian ``openjdk-17-jre-headless``). On a
cluster the CSV paths must be readable by every executor (shared storage).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import duckdb
import pandas as pd

from tradebook.errors import ParameterError, SchemaError

NAMES = ("duckdb", "spark")
BACI_COLUMNS = {"t": "INTEGER", "i": "INTEGER", "j": "INTEGER", "k": "STRING", "v": "DOUBLE", "q": "STRING"}


class Engine(Protocol):
    """What ``baci.reduce`` asks of an engine."""

    name: str

    def read_csv(self, name: str, files: list[str]) -> None:
        """Name the BACI yearly CSVs (header t,i,j,k,v,q) as relation ``name``."""

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Name a small pandas frame as relation ``name``."""

    def keep(self, name: str, sql: str) -> None:
        """Compute ``sql`` once and keep it as relation ``name`` (read several times after)."""

    def frame(self, sql: str) -> pd.DataFrame:
        """The result of ``sql`` as a pandas frame (small results only: it is collected to this process)."""


def _quoted(path: str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class DuckDB:
    """DuckDB in this process: parallel CSV scans, nothing loaded into pandas but the result."""

    name = "duckdb"

    def __init__(self) -> None:
        self.connection = duckdb.connect()

    def read_csv(self, name: str, files: list[str]) -> None:
        columns = ", ".join(
            f"'{column}': '{'VARCHAR' if kind == 'STRING' else kind}'" for column, kind in BACI_COLUMNS.items()
        )
        listing = ", ".join(_quoted(f) for f in files)
        self.connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_csv([{listing}], header = true, columns = {{{columns}}})"
        )

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self.connection.register(name, frame)

    def keep(self, name: str, sql: str) -> None:
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def frame(self, sql: str) -> pd.DataFrame:
        return self.connection.sql(sql).df()

    def close(self) -> None:
        self.connection.close()


def local_cores(master: str) -> int:
    """The cores a local Spark master uses: ``local`` 1, ``local[4]`` 4, ``local[*]`` all of this machine's."""
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    threads = inside.split(",")[0].strip()  # local[4, 2]: 4 threads, 2 task retries
    if threads == "*":
        return os.cpu_count() or 1
    return max(1, int(threads)) if threads.isdigit() else 1


class Spark:
    """Apache Spark through pyspark: the same statements as Spark SQL, on ``SPARK_MASTER`` (default ``local[2]``)."""

    name = "spark"

    def __init__(self) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ParameterError("ENGINE=spark needs pyspark: make setup installs it from requirements.lock") from None
        master = os.environ.get("SPARK_MASTER", "").strip() or "local[2]"
        builder = SparkSession.builder.master(master).appName("tradebook-baci")
        settings = {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.session.timeZone": "UTC",
            # results come back as Arrow batches, not one Python Row object per row (60 s → 2 s for 180,000 rows)
            "spark.sql.execution.arrow.pyspark.enabled": "true",
        }
        if master.startswith("local"):
            # Spark's 200 shuffle partitions suit a cluster; on one machine a few per core cut the
            # reduction of a BACI year from about 90 s to about 30 s (make bench); a cluster keeps its own setting
            settings["spark.sql.shuffle.partitions"] = str(2 * local_cores(master))
        for key, value in settings.items():
            builder = builder.config(key, value)
        try:
            self.session = builder.getOrCreate()
        except Exception as error:  # no Java, or the master cannot be reached: one line
            first = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
            raise ParameterError(
                f"Spark could not start on {master} ({first}): install Java 17 (apt-get install openjdk-17-jre-headless) "
                "or set SPARK_MASTER to a reachable master"
            ) from None
        self.session.sparkContext.setLogLevel("ERROR")

    def read_csv(self, name: str, files: list[str]) -> None:
        schema = ", ".join(f"{column} {kind}" for column, kind in BACI_COLUMNS.items())
        # FAILFAST: a value that does not fit the schema (v=abc) stops the read, as DuckDB's reader does,
        # instead of Spark's default of reading it as NULL and dropping it from every sum
        self.session.read.csv(files, header=True, schema=schema, mode="FAILFAST").createOrReplaceTempView(name)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        rows = [
            tuple(None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in row)
            for row in frame.itertuples(index=False)
        ]
        schema = ", ".join(
            f"{column} {'BIGINT' if pd.api.types.is_integer_dtype(dtype) else 'STRING'}"
            for column, dtype in frame.dtypes.items()
        )
        self.session.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)

    def keep(self, name: str, sql: str) -> None:
        kept = self.session.sql(sql).cache()
        kept.count()  # computed now, once
        kept.createOrReplaceTempView(name)

    def frame(self, sql: str) -> pd.DataFrame:
        return self.session.sql(sql).toPandas()

    def close(self) -> None:
        self.session.catalog.clearCache()


def unreadable(error: Exception) -> SchemaError:
    """The one line a BACI file the engine cannot read stops with."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    first = (lines[0] if lines else type(error).__name__)[:160]
    return SchemaError(
        f"BACI files could not be read ({first}): each yearly file must be an unchanged BACI CSV with the header t,i,j,k,v,q — download the release again"
    )


def check(name: str) -> str:
    """``name`` if it is an engine this workbook runs, else one line naming the choices."""
    if name not in NAMES:
        raise ParameterError(
            f"ENGINE={name!r} is not an engine the workbook runs: choose one of {list(NAMES)} (default duckdb)"
        )
    return name


@contextmanager
def engine(name: str = "duckdb") -> Iterator[Engine]:
    """An engine for the duration; errors reading the files become one line (``SchemaError``)."""
    chosen = DuckDB() if check(name) == "duckdb" else Spark()
    try:
        yield chosen
    except duckdb.Error as error:
        raise unreadable(error) from None
    except Exception as error:
        if type(error).__module__.startswith(("pyspark", "py4j")):  # Spark's reader and SQL errors: the same one line
            raise unreadable(error) from None
        raise
    finally:
        chosen.close()
