"""The filter's pure logic (filter-core.js), unit-tested with Node's built-in test runner."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import require

JS_TESTS = Path(__file__).resolve().parent / "js"


def test_filter_core_js_unit_tests():
    node = shutil.which("node")
    require(bool(node), "Node.js (18 or newer, for the filter's JavaScript unit tests)", "install nodejs")
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.js"))
    assert files
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"^# pass (\d+)", output, re.M)
    assert passed and int(passed.group(1)) >= 10, output
