#!/usr/bin/env python3
"""Runs `cimdouble mof check` on every file of a folder of broken MOF and checks that each
error the file announces in a `// expect: LINE:COL: message` comment is printed, as
`FILE:LINE:COL: message`, and that the command fails. Exit status 0 when every file behaves."""
import pathlib
import re
import subprocess
import sys


def main() -> int:
    binary, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    files = sorted(folder.glob("*.mof"))
    if not files:
        print(f"no .mof files in {folder}")
        return 1
    failures = 0
    for path in files:
        expected = re.findall(r"^// expect: (.+)$", path.read_text(), re.M)
        if not expected:
            print(f"FAIL {path.name}: announces no expected error")
            failures += 1
            continue
        run = subprocess.run([binary, "mof", "check", "--standalone", str(path)], capture_output=True, text=True, timeout=60)
        problems = []
        if run.returncode == 0:
            problems.append("exit status 0 for a broken file")
        if run.returncode < 0:
            problems.append(f"killed by signal {-run.returncode}")
        for expectation in expected:
            if f"{path}:{expectation}" not in run.stderr:
                problems.append(f"missing: {path}:{expectation}")
        if problems:
            failures += 1
            print(f"FAIL {path.name}")
            for problem in problems:
                print(f"  {problem}")
            print("  stderr was:\n    " + run.stderr.replace("\n", "\n    "))
        else:
            print(f"ok   {path.name} ({len(expected)} errors)")
    print(f"{len(files) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
