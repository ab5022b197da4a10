"""Regenerate 台账.xlsx, the seed department's ledger exported to the Excel template.

    python examples/jidian/build_xlsx.py

tests/excel/test_roundtrip.py keeps the workbook identical (as data) to ledger.json.
"""

from pathlib import Path

import dangjian_core as dj
from dangjian_core.io import excel

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    excel.write_ledger(dj.load_ledger(HERE / "ledger.json"), HERE / "台账.xlsx")
    print(HERE / "台账.xlsx")
