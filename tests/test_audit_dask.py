"""`lexicon audit --engine dask`: a LocalCluster of two worker processes on loopback gives
the same outputs, byte for byte, as the local engine; workers read the documents from the
shared folder or from a URL (fsspec), never through the scheduler."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from lexicon.cli import app
from tests.audit_archive import build
from tests.conftest import TEST_GLOSSARY

# found, not imported: Dask loads in the tests that use it (the quick loop leaves them out)
pytestmark = pytest.mark.skipif(find_spec("distributed") is None or find_spec("pyarrow") is None, reason="needs the 'audit' extra")

OUTPUTS = ("documents.csv", "variants.csv", "documents.parquet", "variants.parquet", "report.html")


@pytest.fixture(scope="module")
def scheduler():
    import distributed

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=50
    ) as cluster:
        yield cluster.scheduler_address


def audit(runner, *args):
    return runner.invoke(app, ["audit", "--no-config", "-g", str(TEST_GLOSSARY), *map(str, args)])


@pytest.mark.slow  # a cluster of two worker processes
@pytest.mark.parametrize("as_url", [False, True], ids=["shared-path", "file-url"])
def test_dask_engine_gives_the_local_engine_outputs_byte_for_byte(runner, tmp_path, scheduler, as_url):
    assert scheduler.startswith("tcp://127.0.0.1:")
    build(tmp_path / "archive", 120)
    source = (tmp_path / "archive").as_uri() if as_url else tmp_path / "archive"
    local = audit(runner, source, "-o", tmp_path / "local", "--pattern", "{org}/{year}/*", "-j", "2")
    dask = audit(runner, source, "-o", tmp_path / "dask", "--pattern", "{org}/{year}/*", "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == dask.exit_code == 0, (local.stderr, dask.stderr)
    assert "120 document(s): 120 checked" in dask.stderr
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    documents = (tmp_path / "dask" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 121 and documents[1].startswith("file:///" if as_url else str(tmp_path / "archive"))
    assert len((tmp_path / "dask" / "variants.csv").read_text(encoding="utf-8").splitlines()) > 120
    again = audit(runner, source, "-o", tmp_path / "dask", "--pattern", "{org}/{year}/*", "--engine", "dask", "--scheduler", scheduler)
    assert "0 checked, 120 from the cache" in again.stderr


def test_dask_engine_without_a_scheduler_is_one_line(runner, tmp_path):
    result = audit(runner, tmp_path, "-o", tmp_path / "out", "--engine", "dask")
    assert result.exit_code == 2 and result.stderr == "lexicon: --engine dask needs --scheduler tcp://HOST:PORT\n"


@pytest.mark.slow  # loads the Dask client and waits for its connection timeout
def test_an_unreachable_scheduler_is_one_line(runner, tmp_path):
    import dask

    build(tmp_path / "archive", 2)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = audit(runner, tmp_path / "archive", "-o", tmp_path / "out", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr.startswith("lexicon: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (") and result.stderr.count("\n") == 1
