"""Raw files are verified against data/raw/MANIFEST.csv: altered, missing or unlisted files stop the load."""

import pytest

from tradebook.errors import RawDataError
from tradebook.sources import manifest, oec


def test_every_raw_file_matches_its_checksum():
    table = manifest.verify_all()
    assert len(table) == 96
    assert set(table["source"]) >= {
        "imf_dots",
        "wits_summary",
        "oec_sections",
        "baci_hs2",
        "curated",
        "gacc_2024",
        "comtrade_mirror",
    }


def test_manifest_lists_exactly_the_files_on_disk():
    from tradebook import config

    on_disk = {str(p.relative_to(config.paths().raw)) for p in config.paths().raw.rglob("*") if p.is_file()} - {
        "MANIFEST.csv"
    }
    assert on_disk == set(manifest.read_manifest().index)


def test_one_altered_byte_is_named(project_copy):
    path = project_copy / "data" / "raw" / "oec_hs_sections" / "VNM_exports.csv"
    data = bytearray(path.read_bytes())
    data[100] = (data[100] + 1) % 256
    path.write_bytes(bytes(data))
    with pytest.raises(
        RawDataError, match=r"oec_hs_sections/VNM_exports\.csv differs from its manifest checksum"
    ) as error:
        oec.load()
    assert "\n" not in str(error.value) and "git checkout" in str(error.value)


def test_a_deleted_file_is_named(project_copy):
    (project_copy / "data" / "raw" / "oec_hs_sections" / "THA_imports.csv").unlink()
    with pytest.raises(RawDataError, match=r"oec_hs_sections/THA_imports\.csv is missing"):
        manifest.verify_all()


def test_a_file_not_in_the_manifest_is_refused(project_copy):
    with pytest.raises(RawDataError, match="not listed in data/raw/MANIFEST.csv"):
        manifest.verified("oec_hs_sections/XXX_exports.csv")
