"""The fast ISO3 and short-name tables agree with country_converter, the source they come from."""

from analysis.data import countries
from analysis.data.iso3 import ISO3_CODES


def test_iso3_table_matches_country_converter() -> None:
    data = countries._converter().data["ISO3"].dropna().astype(str)
    coco = {c for c in data if len(c) == 3 and c.isalpha() and c.isupper()}
    assert coco == ISO3_CODES, (
        f"regenerate src/analysis/data/iso3.py: only in coco {sorted(coco - ISO3_CODES)}, "
        f"only in the table {sorted(ISO3_CODES - coco)}"
    )


def test_short_names_read_from_the_table_match_the_converter() -> None:
    data = countries._converter().data
    expected = {str(c): str(n) for c, n in zip(data["ISO3"], data["name_short"], strict=True)}
    assert countries._short_names() == expected
    assert countries.name("KOR") == expected["KOR"]
