"""The runner's kernels talk over Unix sockets with unique short names, not TCP ports.

Several kernels start at once in a run and in the test suite; with TCP a port found free for one
kernel can be taken by another before it binds, and the kernel dies at start.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from analysis.report import execute


def test_a_kernel_starts_on_unix_sockets_and_removes_them(tmp_path: Path) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / "logs" / "demo.kernel.log"
    manager = execute.kernel_manager_class(deep, {"ANALYSIS_DEMO": "1"})(kernel_name="python3")
    assert manager.transport == "ipc"
    assert manager.ip != execute.kernel_manager_class(deep)(kernel_name="python3").ip

    async def round_trip() -> str:
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=120)
            client.execute("import os; print(os.environ['ANALYSIS_DEMO'])")
            while True:
                msg = await client.get_iopub_msg(timeout=60)
                if msg["msg_type"] == "stream":
                    return msg["content"]["text"].strip()
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    base = Path(manager.ip)
    assert asyncio.run(round_trip()) == "1"
    assert deep.is_file(), "the kernel's stderr goes to the run's log"
    if not manager.ip.startswith("@"):  # a file socket (not Linux) is removed at the stop
        assert list(base.parent.glob(f"{base.name}-*")) == []


def test_sockets_write_no_file_on_linux_and_stay_short_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(execute.sys, "platform", "linux")
    assert execute.socket_base().startswith("@analysis-kernel-")  # abstract: no file, no folder
    monkeypatch.setattr(execute.sys, "platform", "darwin")
    monkeypatch.setattr(execute.tempfile, "tempdir", str(tmp_path / ("long-" * 20)))
    base = execute.socket_base()
    assert len(base) + len("-5") <= execute.SOCKET_PATH_LIMIT and base.startswith("/tmp/")
    monkeypatch.setattr(execute.tempfile, "tempdir", "/var/t")
    assert execute.socket_base().startswith("/var/t/analysis-kernel-")
