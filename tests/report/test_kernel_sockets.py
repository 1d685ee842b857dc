"""The runner's kernels talk over Unix sockets with unique short names, not TCP ports.

Several kernels start at once in a run and in the test suite; with TCP a port found free for one
kernel can be taken by another before it binds, and the kernel dies at start.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from analysis.report import execute


def test_a_kernel_starts_on_unix_sockets_and_removes_them(tmp_path: Path) -> None:
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / "logs" / "demo.kernel.log"
    manager = execute.kernel_manager_class(deep, {"ANALYSIS_DEMO": "1"})(kernel_name="python3")
    assert manager.transport == "ipc"
    assert len(manager.ip) + len("-5") < 107, "a socket path's limit, whatever the log's path"
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
    assert list(base.parent.glob(f"{base.name}-*")) == [], "sockets removed when the kernel stops"
