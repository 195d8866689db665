"""Runs the unittest suite under tests/ and writes a JUnit XML report to reports/junit.xml."""
import sys
import time
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

sys.dont_write_bytecode = True


class Recorder(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.time()
        super().startTest(test)

    def _record(self, test, status, message=None, detail=None):
        took = time.time() - self._started.get(test.id(), time.time())
        self.records.append((test, status, message, detail, took))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", str(err[1]), self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", str(err[1]), self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)


suite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")
result = unittest.TextTestRunner(resultclass=Recorder, verbosity=2, stream=sys.stdout).run(suite)
root = ET.Element("testsuite", name="unittest", tests=str(len(result.records)),
                  failures=str(len(result.failures)), errors=str(len(result.errors)),
                  skipped=str(len(result.skipped)))
for test, status, message, detail, took in result.records:
    module, _, name = test.id().rpartition(".")
    case = ET.SubElement(root, "testcase", classname=module, name=name, time="%.3f" % took,
                         file=module.replace(".", "/").rsplit("/", 1)[0] + ".py")
    if status in ("failure", "error"):
        ET.SubElement(case, status, message=message or "").text = detail
    elif status == "skipped":
        ET.SubElement(case, "skipped", message=message or "")
Path("reports").mkdir(exist_ok=True)
ET.ElementTree(root).write("reports/junit.xml", encoding="utf-8", xml_declaration=True)
sys.exit(0 if result.wasSuccessful() else 1)
