"""JUnit XML, which every CI shows as tests: a test suite per input file, a test case per claim, a
failure for each flagged claim, a skip for ignored ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citecheck.model import Verdict
from citecheck.report.base import Report, location, message, one_line, relative_path


def _case(suite: ET.Element, v: Verdict, report: Report) -> None:
    c = v.claim
    case = ET.SubElement(suite, "testcase", name=f"{c.id}: {one_line(c.text, 120)}",
                         classname=relative_path(c.file), file=relative_path(c.file), time="0")
    if c.line:
        case.set("line", str(c.line))
    details = [f"{location(v)}", f"claim: {c.text}", f"verdict: {v.verdict}"]
    if v.reason:
        details.append(f"why: {v.reason}")
    if v.evidence is not None:
        details.append(f"source says: {one_line(v.evidence.quote, 600)}")
    details += [f"source: {u}" for u in c.sources]
    if report.is_flagged(v):
        ET.SubElement(case, "failure", message=message(v), type=v.verdict).text = "\n".join(details)
    elif v.verdict == "ignored":
        ET.SubElement(case, "skipped", message=c.note or "ignored by a citecheck comment")
    else:
        if report.is_accepted(v):
            details.append(report.acceptance(v))
        ET.SubElement(case, "system-out").text = "\n".join(details)


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="citecheck")
    suites: dict[str, ET.Element] = {}
    for v in report.verdicts:
        file = relative_path(v.claim.file)
        if file not in suites:
            suites[file] = ET.SubElement(root, "testsuite", name=file)
        _case(suites[file], v, report)
    for el in [root, *suites.values()]:
        cases = el.iter("testcase")
        cases = list(cases)
        el.set("tests", str(len(cases)))
        el.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        el.set("errors", "0")
        el.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
        el.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
