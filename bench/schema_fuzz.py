"""A bounded schemathesis run over the published OpenAPI, every check, as the regulator.

Starts `landfall serve` (a real uvicorn process) on a fresh ledger holding the case book,
runs ``schemathesis run`` against its ``/openapi.json`` for at most ``--seconds`` seconds with
``--checks all`` (status codes and content types as documented, negative data refused,
positive data accepted, 405 with ``Allow`` for methods a path does not answer, no 5xx), and
prints schemathesis's summary and its exit code (a measurement, not a gate: ``./dev bench``
goes on to the next bench).

    .venv/bin/python bench/schema_fuzz.py [--seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

from landfall.ledger import open_ledger
from landfall.service.portal import seed_casebook
from landfall.tokens import TokenStore

SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    schemathesis = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    if schemathesis is None:
        sys.exit("schemathesis is not installed beside this Python")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        with open_ledger(url) as store:
            seed_casebook(store)
        with TokenStore(url) as tokens:
            token = tokens.create("regulator", "schema fuzz")[1]
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        serve = [sys.executable, "-c", "from landfall.cli import app; app()", "serve"]
        serve += ["--db", url, "--host", "127.0.0.1", "--port", str(port), "--seed-casebook"]
        server = subprocess.Popen(serve, env=env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx2.get(base + "/openapi.json", timeout=2)
                    break
                except httpx2.HTTPError:
                    time.sleep(0.2)
            run = [schemathesis, "run", base + "/openapi.json", "--checks", "all"]
            run += ["--max-time", str(args.seconds), "--workers", str(args.workers)]
            run += ["--header", f"Authorization: Bearer {token}", "--no-color"]
            # its cache of crashes goes to the scratch directory, not the checkout
            done = subprocess.run(run, check=False, timeout=args.seconds + 120, cwd=tmp)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"schemathesis exit code: {done.returncode}")


if __name__ == "__main__":
    main()
