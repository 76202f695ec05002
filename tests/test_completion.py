"""Shell completion: the script ``opdhub completion bash`` prints completes commands and options
in a real bash (the other shells' scripts come from the same parser)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import shtab
from conftest import run_env


def opdhub_completion(shell: str) -> str:
    env = run_env()
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run(["opdhub", "completion", shell], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def complete(script: Path, line: str) -> list[str]:
    """What bash offers for Tab at the end of ``line``, from the completion function the script
    registers for ``opdhub``."""
    words = line.split(" ")
    driver = (
        f"source {script}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line!r}; COMP_POINT={len(line)}\n"
        "fn=$(complete -p opdhub | sed -E 's/.* -F ([^ ]+) .*/\\1/'); $fn opdhub \"${COMP_WORDS[-1]}\"\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return sorted(set(result.stdout.split()))


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_and_their_options(tmp_path):
    script = tmp_path / "opdhub.bash"
    script.write_text(opdhub_completion("bash"), "utf-8")
    assert complete(script, "opdhub va") == ["validate"]
    assert {"init", "validate", "import", "export", "generate", "completion"} <= set(complete(script, "opdhub "))
    assert "--format" in complete(script, "opdhub validate --")
    assert complete(script, "opdhub completion ") == sorted(shtab.SUPPORTED_SHELLS)


def test_the_other_shells_scripts_name_every_command():
    for shell in set(shtab.SUPPORTED_SHELLS) - {"bash"}:
        text = opdhub_completion(shell)
        assert all(command in text for command in ("init", "validate", "import", "generate")), shell
