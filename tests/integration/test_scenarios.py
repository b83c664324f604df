"""`cimdouble run` on scenarios that fail on purpose: the exit status, the step that failed
with its file:line and what differed, the skipped rest, the JUnit XML a CI system reads, and
scenario files with mistakes refused before anything runs. (The shipped scenarios in
fixtures/scenarios/ pass in their own ctest entry, scenarios_shipped.)"""
import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

BINARY = os.environ.get("CIMDOUBLE_BINARY", "cimdouble")
README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "scenarios", "README.md")

FAILING = """name: a scenario that fails at its second step
steps:
  - name: the cluster answers
    identify: {}
    expect: {ProductVendor: Microsoft Corporation}
  - name: web-01 is off, which it is not
    get:
      class: Msvm_ComputerSystem
      selectors: {CreationClassName: Msvm_ComputerSystem, Name: 5E3A0000-1000-4000-8000-A00000000000}
    expect: {EnabledState: 3}
  - name: never runs
    advance: PT1S
"""

MISTAKES = """name: mistakes
steps:
  - teleport: {to: mars}
  - get: {class: Msvm_ComputerSystem, colour: red}
  - {}
"""


def run(*args, timeout=60):
    return subprocess.run([BINARY, "run", *args], capture_output=True, text=True, timeout=timeout)


class ScenarioRunTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.folder.cleanup()

    def write(self, name, text):
        path = os.path.join(self.folder.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_a_failing_step_fails_the_run_and_the_rest_is_skipped(self):
        path = self.write("failing.yaml", FAILING)
        junit = os.path.join(self.folder.name, "junit.xml")
        result = run(path, "--junit", junit)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("  ok    1. the cluster answers", result.stdout)
        self.assertIn(f"  FAIL  2. web-01 is off, which it is not: {path}:6:5: EnabledState is '2', expected 3", result.stdout)
        self.assertIn("  skip  3. never runs", result.stdout)
        self.assertIn("cimdouble run: 1 scenario(s), 0 passed, 1 failed", result.stdout)

        suite = ET.parse(junit).getroot().find("testsuite")
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("skipped")), ("3", "1", "1"))
        cases = suite.findall("testcase")
        self.assertIsNone(cases[0].find("failure"))
        self.assertIn("EnabledState is '2', expected 3", cases[1].find("failure").get("message"))
        self.assertIsNotNone(cases[2].find("skipped"))

    def test_passing_and_failing_scenarios_together(self):
        passing = self.write("passing.yaml", "name: fine\nsteps:\n  - identify: {}\n")
        failing = self.write("failing.yaml", FAILING)
        result = run(passing, failing)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cimdouble run: 2 scenario(s), 1 passed, 1 failed", result.stdout)
        self.assertEqual(run(passing).returncode, 0)

    def test_mistakes_in_a_scenario_are_found_before_it_runs(self):
        path = self.write("mistakes.yaml", MISTAKES)
        result = run(path)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{path}:3:5: unknown step field 'teleport'", result.stdout)
        self.assertIn(f"{path}:4:39: get: unknown field 'colour'", result.stdout)
        self.assertIn(f"{path}:5:5: a step needs one of:", result.stdout)

    def test_the_readme_documents_every_step_kind(self):
        # The loader names every kind of its table (src/app/scenario/step_kinds.cpp) to a step
        # without one; the README's table of steps lists the same, in the same order.
        result = run(self.write("kindless.yaml", "name: x\nsteps:\n  - {}\n"))
        said = re.search(r"a step needs one of: (.*)", result.stdout)
        self.assertIsNotNone(said, result.stdout)
        kinds = said.group(1).strip().split(", ")
        with open(README) as f:
            steps = f.read().split("## Steps", 1)[1].split("\n## ", 1)[0]
        documented = re.findall(r"^\| `(\w+):", steps, re.MULTILINE)
        self.assertEqual(documented, kinds)

    def test_a_scenario_whose_fixture_is_broken_does_not_start(self):
        self.write("broken.yaml", "vms: [{name: v, host: nowhere}]\n")
        path = self.write("uses_broken.yaml", "name: x\nfixture: broken.yaml\nsteps:\n  - identify: {}\n")
        result = run(path)
        self.assertEqual(result.returncode, 1)
        self.assertIn("broken.yaml:1:23: vm v: no host named 'nowhere'", result.stdout)

    def test_an_unwritable_junit_file_is_an_error(self):
        path = self.write("passing.yaml", "name: fine\nsteps:\n  - identify: {}\n")
        self.assertEqual(run(path, "--junit", "/nonexistent/dir/junit.xml").returncode, 2)


if __name__ == "__main__":
    unittest.main()
