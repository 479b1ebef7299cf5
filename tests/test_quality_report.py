"""glossary-graph check: the three report formats, exit codes, SKOS input, the HTML page in a browser."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from graph.cli import main

from conftest import ROOT, SCENARIOS

AS_OF = ["--as-of", "2026-12-03"]
SCHEMA = json.loads((ROOT / "graph" / "schema" / "check-report.schema.json").read_text())
UNSAFE_NAME = "<img src=x onerror=alert(1)>"
UNSAFE_TEXT = "<script>alert('def')</script> & more"


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_report_groups_findings_and_lists_what_to_write_next(corpus, capsys):
    code, out, _ = run(["check", str(corpus), *AS_OF], capsys)
    assert code == 1  # 28 S27 errors
    headers = [line for line in out.splitlines() if line.startswith("[")]
    assert headers[0] == "[rc] related vs hierarchy clash (SKOS S27): 28 errors"  # errors first
    assert "[urc] one-way links: 350 warnings" in headers
    block = out.split("What to write next (42 missing term(s), most linked first):\n")[1]
    first = block.splitlines()[0]
    assert first.split()[0] == "9" and "incident response  <- agentic ai, content moderation" in first
    summary = out.rstrip().splitlines()[-1]
    printed = {"error": 0, "warning": 0, "info": 0}
    for header in headers:
        count, severity = header.rsplit(": ", 1)[1].split()
        printed[severity.rstrip("s")] += int(count)
    assert summary.startswith(f"{printed['error']} error(s), {printed['warning']} warning(s), {printed['info']} info (")
    finding_lines = [line for line in out.split("What to write next")[0].splitlines() if line.startswith("  ")]
    assert len(finding_lines) == sum(printed.values())


def test_fail_on_sets_the_exit_code(capsys):
    bad, good = SCENARIOS / "check-oc" / "bad", SCENARIOS / "check-oc" / "good"
    assert run(["check", str(bad), *AS_OF], capsys)[0] == 0  # only a warning
    assert run(["check", str(bad), *AS_OF, "--fail-on", "warning"], capsys)[0] == 1
    assert run(["check", str(good), *AS_OF, "--fail-on", "warning"], capsys)[0] == 0
    assert run(["check", str(SCENARIOS / "check-rc" / "bad"), *AS_OF], capsys)[0] == 1
    assert run(["check", str(SCENARIOS / "check-rc" / "bad"), *AS_OF, "--fail-on", "never"], capsys)[0] == 0


def test_json_report_follows_its_schema_and_is_deterministic(corpus, capsys, tmp_path):
    _, first, _ = run(["check", str(corpus), "--format", "json", *AS_OF], capsys)
    main(["check", str(corpus), "--format", "json", *AS_OF, "--out", str(tmp_path / "r.json"), "-q"])
    assert (tmp_path / "r.json").read_text() == first
    report = json.loads(first)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["summary"]["failed"] is True and report["summary"]["error"] == 28
    counts = {c["code"]: c["count"] for c in report["checks"]}
    assert counts["urc"] == 350 and counts["unresolved-link"] == 56 and counts["rc"] == 28
    assert sum(counts.values()) == report["summary"]["findings"] == len(report["findings"])
    assert sum(report["categories"].values()) == len(report["findings"])
    rc = next(f for f in report["findings"] if f["check"] == "rc")
    assert rc["file"].endswith(".yml") and rc["line"] > 1 and rc["path"].startswith("relationships.related[")
    assert report["write_next"][0]["term"] == "incident-response"


def test_check_reads_skos_files(capsys):
    code, out, _ = run(["check", "--rdf", str(SCENARIOS / "check-rdf" / "bad.ttl"), "--format", "json", *AS_OF],
                       capsys)
    report = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    by_code = {}
    for finding in report["findings"]:
        by_code.setdefault(finding["check"], []).append(finding)
    assert code == 1 and report["source"]["rdf"].endswith("bad.ttl")
    (ipl,) = by_code["ipl"]
    assert ipl["path"] == "<https://example.org/voc/tool>" and ipl["line"] == 4
    assert {"dlv", "ml", "el", "tchbc"} <= set(by_code)
    code, out, _ = run(["check", "--rdf", str(SCENARIOS / "check-rdf" / "good.ttl"), "--format", "json", *AS_OF],
                       capsys)
    assert code == 0 and not {"ipl", "dlv", "ml", "el", "tchbc"} & {f["check"] for f in json.loads(out)["findings"]}


def test_bad_input_gives_one_line_errors_not_tracebacks(tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=tmp_path)

    missing = cli("check", "--rdf", "nope.ttl")
    assert missing.returncode == 1 and missing.stderr.startswith("Error: nope.ttl") and "Traceback" not in missing.stderr
    unknown = cli("check", str(SCENARIOS / "valid"), "--only", "orphans")
    assert unknown.returncode == 2 and "unknown check 'orphans'" in unknown.stderr
    date = cli("check", str(SCENARIOS / "valid"), "--as-of", "yesterday")
    assert date.returncode == 2 and "YYYY-MM-DD" in date.stderr
    nothing = cli("check", "no-such-folder")
    assert nothing.returncode == 1 and "Traceback" not in nothing.stderr


# ----------------------------------------------------------------- HTML

@pytest.fixture
def unsafe_site(tmp_path):
    """A glossary whose text is markup, and an explorer site folder holding one concept page."""
    terms = tmp_path / "terms"
    shutil.copytree(SCENARIOS / "check-urc" / "bad", terms)
    data = yaml.safe_load((terms / "gauge.yml").read_text())
    data.update(term=UNSAFE_NAME, short_def=UNSAFE_TEXT)
    (terms / "gauge.yml").write_text(yaml.safe_dump(data))
    widget = yaml.safe_load((terms / "widget.yml").read_text())
    widget["relationships"]["broader"] = [UNSAFE_NAME, "<b>missing</b>"]
    (terms / "widget.yml").write_text(yaml.safe_dump(widget))
    site = tmp_path / "site"
    (site / "terms").mkdir(parents=True)
    (site / "terms" / "widget.html").write_text("<!DOCTYPE html><title>widget</title><p>widget page</p>")
    return tmp_path


def test_html_report_escapes_text_and_links_to_existing_concept_pages(unsafe_site, capsys):
    out = unsafe_site / "reports" / "quality.html"
    code, _, _ = run(["check", str(unsafe_site / "terms"), *AS_OF, "--format", "html", "--out", str(out),
                      "--site", str(unsafe_site / "site")], capsys)
    assert code == 1  # the related link clashes with the broader link (S27)
    page = out.read_text()
    assert "<script" not in page and "<img" not in page and "<b>missing" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;missing&lt;/b&gt;" in page
    assert 'href="../site/terms/widget.html"' in page  # relative to the report, only existing pages
    assert "img-src-x-onerror-alert-1.html" not in page
    assert "http://" not in page and "https://" not in page
    code, html_out, _ = run(["check", str(unsafe_site / "terms"), *AS_OF, "--format", "html",
                             "--site-url", "https://example.org/glossary/"], capsys)
    assert 'href="https://example.org/glossary/terms/widget.html"' in html_out
    assert 'href="https://example.org/glossary/terms/img-src-x-onerror-alert-1.html"' in html_out


def test_html_report_in_a_browser(unsafe_site, open_page):
    out = unsafe_site / "quality.html"
    main(["check", str(unsafe_site / "terms"), *AS_OF, "--format", "html", "--out", str(out), "-q",
          "--site", str(unsafe_site / "site")])
    page = open_page(out)
    page.set_default_timeout(60_000)
    assert page.locator("#count-error b").inner_text() == "1"
    assert page.locator("#count-warning b").inner_text() == "3"
    text = page.locator("body").inner_text()
    assert UNSAFE_NAME in text and "<b>missing</b>" in text  # shown as text ...
    assert page.locator("img, script").count() == 0 and page.locator("b", has_text="missing").count() == 0
    assert page.locator("#check-urc tr.finding").count() == 2
    page.locator("#by-check a[href='#check-urc']").click()
    with page.expect_navigation(timeout=60_000):
        page.locator("a[href$='widget.html']").first.click()
    assert page.url.endswith("/site/terms/widget.html")
    assert page.problems == [] and page.outside == []
