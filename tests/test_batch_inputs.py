"""``cleaner batch`` inputs: WARC records (names, truncation, non-WARC, status, charset,
URL), unreadable folders, saved pages without a page extension, URLs for files."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

import cleaner
from cleaner.batch import sources, worker
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
HTML = (ROOT / "examples" / "scratchculinary-nutrition-trends.html").read_bytes()
DUMP = (ROOT / "examples" / "independent-miliband-moscow.txt").read_bytes()


def warc_bytes(records: list[dict], gz: bool = False) -> bytes:
    """A WARC of response records: each dict has uri, and optionally body, status,
    ctype and id (``None``: no WARC-Record-ID header)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for spec in records:
        http = StatusAndHeaders(
            spec.get("status", "200 OK"),
            [("Content-Type", spec.get("ctype", "text/html; charset=utf-8"))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            spec["uri"], "response", payload=io.BytesIO(spec.get("body", HTML)), http_headers=http
        )
        if "id" in spec:
            record.rec_headers.remove_header("WARC-Record-ID")
            if spec["id"] is not None:
                record.rec_headers.add_header("WARC-Record-ID", spec["id"])
        writer.write_record(record)
    return buf.getvalue()


def _outputs(dst: Path) -> list[str]:
    return sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file() and not p.name.startswith("."))


def _errors(dst: Path) -> list[dict]:
    path = dst / "errors.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


# --------------------------------------------------------------------------- WARC


def test_warc_records_never_share_an_output(tmp_path):
    """Records without a WARC-Record-ID, and ids alike once sanitised, used to overwrite
    each other (6 records in, 2 outputs, exit 0)."""
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    bodies = [
        HTML.replace(b"</article>", f"<p>Closing line number {i} of this page.</p></article>".encode())
        for i in range(6)
    ]
    specs = [{"uri": f"https://a.example/{i}", "body": bodies[i], "id": None} for i in range(3)]
    specs += [
        {"uri": f"https://a.example/{i}", "body": bodies[i], "id": rid}
        for i, rid in ((3, "a/b"), (4, "a:b"), (5, "a b"))
    ]
    (src / "crawl.warc").write_bytes(warc_bytes(specs))
    report = cleaner.clean_dir(src, dst, fmt="json", jobs=1)
    assert report.cleaned == 6
    outputs = _outputs(dst)
    assert len(outputs) == 6
    urls = sorted(json.loads((dst / name).read_text())["url"] for name in outputs)
    assert urls == [f"https://a.example/{i}" for i in range(6)]
    # a record without an id is named by its byte offset in the file
    assert sum("offset-" in name for name in outputs) == 3
    assert "crawl.warc--offset-0." in " ".join(outputs)


def test_record_names_are_unique_and_keep_uuids_readable():
    assert sources.record_name("<urn:uuid:12ab-34>") == "urn_uuid_12ab-34"
    names = {sources.record_name(rid) for rid in ("a/b", "a:b", "a b", "a_b", "urn_uuid_12ab-34", "", "../../etc")}
    assert len(names) == 7 and "urn_uuid_12ab-34" not in names
    assert all("/" not in name and not name.startswith(".") for name in names)


@pytest.mark.parametrize("gz", [False, True])
def test_a_truncated_last_record_fails_and_is_retried(tmp_path, gz):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    specs = [{"uri": f"https://a.example/{i}", "body": HTML} for i in range(3)]
    data = warc_bytes(specs, gz=gz)
    name = "crawl.warc.gz" if gz else "crawl.warc"
    (src / name).write_bytes(data[: len(data) - 300])
    report = cleaner.clean_dir(src, dst, jobs=1)
    assert (report.cleaned, report.failed, report.empty) == (2, 1, 0)
    (error,) = _errors(dst)
    assert error["error"] == "TruncatedRecordError" and error["source"].startswith(name + "#")
    again = cleaner.clean_dir(src, dst, jobs=1)
    assert (again.done, again.failed) == (2, 1)  # the cut record is tried again, not "already done"


def test_a_warc_that_is_not_a_warc_is_one_failure_and_no_warnings(tmp_path, capfd):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "notes.warc").write_bytes(b"hello, this is not a WARC file\nline two\n" * 50)
    (src / "noise.warc.gz").write_bytes(os.urandom(3000))
    (src / "page.html").write_bytes(HTML)
    status = main(["batch", str(src), str(dst), "--jobs", "1"])
    err = capfd.readouterr().err
    assert status == 1
    errors = _errors(dst)
    assert sorted(e["source"] for e in errors) == ["noise.warc.gz", "notes.warc"]
    assert "WARNING" not in err and "Offset" not in err and len(err.splitlines()) <= 3
    assert "not a WARC file" in {e["source"]: e["message"] for e in errors}["notes.warc"]


def test_non_200_responses_are_skipped_and_counted(tmp_path, capsys):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    specs = [
        {"uri": "https://a.example/ok", "body": HTML},
        {"uri": "https://a.example/missing", "status": "404 Not Found", "body": HTML},
        {"uri": "https://a.example/moved", "status": "301 Moved Permanently", "body": b"<html>moved</html>"},
    ]
    (src / "crawl.warc.gz").write_bytes(warc_bytes(specs, gz=True))
    assert main(["batch", str(src), str(dst), "--jobs", "1"]) == 0
    assert "skipped 2 (2 non-200)" in capsys.readouterr().err
    assert len(_outputs(dst)) == 1
    results = {r.source.url: r for r in cleaner.iter_clean(src, jobs=1)}
    assert results["https://a.example/missing"].status == "skipped"
    assert results["https://a.example/missing"].note == "non-200 response (HTTP 404)"
    report = cleaner.clean_dir(src, tmp_path / "again", jobs=1)
    assert (report.cleaned, report.skipped, report.non_200) == (1, 2, 2)


def test_warc_txt_output_carries_its_url_and_the_http_charset_reaches_clean(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    body = (
        "<html><body><article><p>"
        + "Le café du coin ouvre à sept heures, dit-on à Noël. " * 8
        + "</p></article></body></html>"
    )
    specs = [
        {"uri": "https://a.example/cafe", "body": body.encode("cp1252"), "ctype": "text/html; charset=windows-1252"}
    ]
    (src / "crawl.warc").write_bytes(warc_bytes(specs))
    (record,) = [s for s in sources.discover(src) if isinstance(s, sources.Source)]
    assert record.encoding == "cp1252" and record.url == "https://a.example/cafe"
    report = cleaner.clean_dir(src, dst, jobs=1)
    assert report.cleaned == 1
    (out,) = dst.glob("crawl.warc--*.txt")
    text = out.read_text("utf-8")
    assert text.startswith("URL: https://a.example/cafe\n\n") and "café" in text
    passed = worker.clean_options(record, worker.Job())
    assert passed.get("encoding") == "cp1252"


def test_http_charset():
    assert sources.http_charset("text/html; charset=ISO-8859-1") == "iso8859-1"
    assert sources.http_charset('text/html; charset="utf-8"') == "utf-8"
    assert sources.http_charset("text/html; charset=punycode-nope") is None
    assert sources.http_charset(None) is None


# --------------------------------------------------------------------------- folders


def _deep_dir(root: Path) -> str:
    """A folder whose path is longer than PATH_MAX (made one level at a time, relative)."""
    fd = os.open(root, os.O_RDONLY)
    path = str(root)
    try:
        for _ in range(20):
            name = "d" * 250
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
            path = os.path.join(path, name)
        with open(os.open("page.html", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "wb") as fh:
            fh.write(HTML)
    finally:
        os.close(fd)
    return path


def test_a_folder_over_the_path_limit_is_a_failure(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "page.html").write_bytes(HTML)
    _deep_dir(src)
    status = main(["batch", str(src), str(dst), "--jobs", "1", "--quiet"])
    assert status == 1
    (error,) = _errors(dst)
    assert error["source"].startswith("d" * 250) and error["source"].endswith(os.sep)
    assert error["error"] == "OSError" and "too long" in error["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod-000 folder")
def test_an_unreadable_folder_is_a_failure(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "page.html").write_bytes(HTML)
    (src / "page.html").write_bytes(HTML)
    (src / "locked").chmod(0)
    try:
        assert main(["batch", str(src), str(dst), "--jobs", "1", "--quiet"]) == 1
    finally:
        (src / "locked").chmod(0o755)
    assert _errors(dst) == [{"source": "locked" + os.sep, "error": "PermissionError", "message": "Permission denied"}]


def test_a_folder_that_cannot_be_listed_is_a_failure(tmp_path, monkeypatch):
    """As the chmod-000 test above, for root too: listing the folder fails."""
    src, dst = tmp_path / "src", tmp_path / "out"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "page.html").write_bytes(HTML)
    (src / "page.html").write_bytes(HTML)
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = cleaner.clean_dir(src, dst, jobs=1)
    assert (report.cleaned, report.failed) == (1, 1)
    assert _errors(dst) == [{"source": "locked" + os.sep, "error": "PermissionError", "message": "Permission denied"}]


# --------------------------------------------------------------------------- saved pages


def test_saved_pages_without_a_page_extension_are_sniffed(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "story").write_bytes(HTML)
    (src / "article.php").write_bytes(HTML)
    (src / "page.asp").write_bytes(gzip.compress(HTML))  # wget without --compression
    (src / "index.html?id=3").write_bytes(HTML)
    (src / "dump").write_bytes(DUMP)
    (src / "blob").write_bytes(bytes(range(256)) * 8)  # binary: skipped
    (src / "empty").write_bytes(b"")
    (src / "logo.png").write_bytes(HTML)  # a known non-page kind: not even read
    (src / "style.css").write_bytes(b"body { color: red }\n")
    report = cleaner.clean_dir(src, dst, jobs=2)
    assert (report.cleaned, report.skipped, report.failed) == (5, 4, 0)
    assert _outputs(dst) == sorted(["story.txt", "article.php.txt", "page.asp.txt", "index.html?id=3.txt", "dump.txt"])
    assert (dst / "page.asp.txt").read_bytes() == (dst / "story.txt").read_bytes() != b""
    notes = {r.source.id: r.note for r in cleaner.iter_clean(src, jobs=1) if r.status == "skipped"}
    assert notes == {
        "blob": "not a page (binary or empty)",
        "empty": "not a page (binary or empty)",
        "logo.png": "not a page file",
        "style.css": "not a page file",
    }
    # --glob '*' finds them too (it used to skip them all)
    assert cleaner.clean_dir(src, tmp_path / "all", glob="*", jobs=1).cleaned == 5


# --------------------------------------------------------------------------- URLs for files


def test_urls_from_sidecars_and_a_mapping(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    for name in ("a.html", "b.html", "sub/c.html", "d.html"):
        (src / name).write_bytes(HTML)
    (src / "a.html.url").write_text("https://side.example/a\n")
    (src / "d.html.url").write_text("[InternetShortcut]\r\nURL=https://side.example/d\r\n")
    (src / "b.html.url").write_text("https://side.example/b-loses\n")
    (src / "lonely.url").write_text("https://side.example/nothing\n")
    mapping = tmp_path / "urls.tsv"
    mapping.write_text(
        "# path<TAB>url\nb.html\thttps://map.example/b\n"
        + json.dumps({"path": "./sub//c.html", "url": "https://map.example/c"})
        + "\n"
    )
    report = cleaner.clean_dir(src, dst, fmt="json", jobs=2, urls=str(mapping))
    assert (report.cleaned, report.skipped) == (4, 1)  # the lone .url file is skipped; sidecars are not pages
    urls = {name: json.loads((dst / name).read_text())["url"] for name in _outputs(dst)}
    assert urls == {
        "a.html.json": "https://side.example/a",
        "b.html.json": "https://map.example/b",  # the mapping wins over the sidecar
        "d.html.json": "https://side.example/d",
        "sub/c.html.json": "https://map.example/c",
    }
    status = main(["batch", str(src), str(tmp_path / "txt"), "--jobs", "1", "--quiet", "--urls", str(mapping)])
    assert status == 0
    assert (tmp_path / "txt" / "b.html.txt").read_text().startswith("URL: https://map.example/b\n\nFall isn")
    assert not (tmp_path / "txt" / "a.html.url.txt").exists()


def test_a_bad_url_mapping_exits_2_naming_the_line(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.html").write_bytes(HTML)
    mapping = tmp_path / "urls.tsv"
    mapping.write_text("a.html\thttps://x.example/a\njust a line\n")
    assert main(["batch", str(src), str(tmp_path / "out"), "--urls", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert f"{mapping}:2:" in err and err.count("\n") == 1
    assert main(["batch", str(src), str(tmp_path / "out"), "--urls", str(tmp_path / "none.tsv")]) == 2
