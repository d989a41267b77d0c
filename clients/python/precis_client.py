#!/usr/bin/env python3
"""Command-line client for the Precis summarization service.

The Python stubs are generated at run time from the repository's ``proto/``
directory (found relative to this file) with ``grpc_tools.protoc`` into a
temporary directory, so nothing generated is ever committed.

Examples::

    python precis_client.py --addr 127.0.0.1:50051 article.txt --sentences 3
    python precis_client.py --addr 127.0.0.1:50051 article.txt --json
    python precis_client.py --addr 127.0.0.1:50051 --wait-ready 60   # only wait
    cat article.txt | python precis_client.py -                       # stdin
"""

from __future__ import annotations

import argparse
import importlib
import importlib.resources
import os
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import grpc
from google.protobuf import json_format
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_tools import protoc

PROTO_ROOT = Path(__file__).resolve().parents[2] / "proto"
PROTO_FILE = "precis/v1/summary.proto"
DEFAULT_ADDR = os.environ.get("PRECIS_ADDR", "127.0.0.1:50051")


def load_stubs() -> tuple[ModuleType, ModuleType]:
    """Generate the Precis stubs into a temporary directory and import them.

    Returns the ``summary_pb2`` (messages) and ``summary_pb2_grpc`` (client
    stub) modules. The modules stay loaded after the directory is removed.
    """
    well_known = importlib.resources.files("grpc_tools") / "_proto"
    with tempfile.TemporaryDirectory(prefix="precis-stubs-") as out:
        code = protoc.main(
            [
                "grpc_tools.protoc",
                f"--proto_path={PROTO_ROOT}",
                f"--proto_path={well_known}",
                f"--python_out={out}",
                f"--grpc_python_out={out}",
                PROTO_FILE,
            ]
        )
        if code != 0:
            raise RuntimeError(f"protoc failed on {PROTO_ROOT / PROTO_FILE} (exit {code})")
        sys.path.insert(0, out)
        try:
            pb2 = importlib.import_module("precis.v1.summary_pb2")
            pb2_grpc = importlib.import_module("precis.v1.summary_pb2_grpc")
        finally:
            sys.path.remove(out)
    return pb2, pb2_grpc


def wait_ready(channel: grpc.Channel, seconds: float) -> bool:
    """Poll the standard gRPC health Check for the whole server ("") until it
    answers SERVING or ``seconds`` have passed. Returns True when serving."""
    deadline = time.monotonic() + seconds
    health = health_pb2_grpc.HealthStub(channel)
    request = health_pb2.HealthCheckRequest(service="")
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            # wait_for_ready lets the call wait for the channel to connect
            # (within the deadline) instead of failing fast with UNAVAILABLE.
            reply = health.Check(request, timeout=min(remaining, 5.0), wait_for_ready=True)
            if reply.status == health_pb2.HealthCheckResponse.SERVING:
                return True
        except grpc.RpcError:
            pass  # not up yet, or the deadline of this attempt passed
        time.sleep(min(0.2, max(deadline - time.monotonic(), 0)))
    return False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Summarize a text file with a Precis server.")
    parser.add_argument("file", nargs="?", help="UTF-8 text file to summarize ('-' for stdin)")
    parser.add_argument("--addr", default=DEFAULT_ADDR,
                        help="server address host:port (default: $PRECIS_ADDR or %(default)s)")
    parser.add_argument("--sentences", type=int, metavar="N",
                        help="number of sentences in the summary (server default: 3)")
    parser.add_argument("--json", action="store_true",
                        help="print the whole SummarizeResponse as JSON")
    parser.add_argument("--wait-ready", type=float, metavar="SECONDS",
                        help="first wait up to SECONDS for the server's health check to report "
                             "SERVING (exit 1 if it does not); without FILE, only wait")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="deadline of the Summarize call (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.file is None and args.wait_ready is None:
        parser.error("give a FILE to summarize, or --wait-ready SECONDS")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with grpc.insecure_channel(args.addr) as channel:
        if args.wait_ready is not None:
            if not wait_ready(channel, args.wait_ready):
                print(f"precis at {args.addr} not SERVING after {args.wait_ready:g} s",
                      file=sys.stderr)
                return 1
            if args.file is None:
                print(f"precis at {args.addr} is SERVING", file=sys.stderr)
                return 0

        pb2, pb2_grpc = load_stubs()
        # Read bytes and decode, so line endings reach the server unchanged
        # and the returned spans index the file as it is.
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
        request = pb2.SummarizeRequest(text=data.decode("utf-8"))
        if args.sentences is not None:
            request.sentences = args.sentences

        try:
            response = pb2_grpc.SummaryServiceStub(channel).Summarize(request, timeout=args.timeout)
        except grpc.RpcError as err:
            print(f"Summarize failed: {err.code().name}: {err.details()}", file=sys.stderr)
            return 1

    if args.json:
        print(json_format.MessageToJson(response, always_print_fields_with_no_presence=True,
                                        ensure_ascii=False))
    else:
        print(response.summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
