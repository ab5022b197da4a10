"""Write 学校格式台账.xlsx, a sample workbook in a school's own layout (see school_mapping.toml).

python examples/excel/build.py
python -c "from dangjian_core.io import excel; print(excel.read_workbooks('examples/excel/学校格式台账.xlsx', mapping='examples/excel/school_mapping.toml'))"
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.excel.conftest import write_school_workbook  # noqa: E402

if __name__ == "__main__":
    print(write_school_workbook(HERE / "学校格式台账.xlsx"))
