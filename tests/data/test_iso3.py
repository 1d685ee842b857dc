"""The fast ISO3 table agrees with country_converter, the source it was generated from."""

from analysis.data import countries
from analysis.data.iso3 import ISO3_CODES


def test_iso3_table_matches_country_converter() -> None:
    data = countries._converter().data["ISO3"].dropna().astype(str)
    coco = {c for c in data if len(c) == 3 and c.isalpha() and c.isupper()}
    assert coco == ISO3_CODES, (
        f"regenerate src/analysis/data/iso3.py: only in coco {sorted(coco - ISO3_CODES)}, "
        f"only in the table {sorted(ISO3_CODES - coco)}"
    )
