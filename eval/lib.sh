# Shell helpers sourced by the eval scripts and .ci/run, from the repository
# root: the Python that virtualenvs are made with, one virtualenv per
# requirements file, a free loopback port, and a release `precis serve` in
# the background, waited for until its health check reports SERVING.

# CPython 3.11 when installed (the requirements files are pinned for it).
precis_python=$(command -v python3.11 || command -v python3)

# use_venv REQUIREMENTS: sets $venv_python to the Python of a virtualenv with
# REQUIREMENTS installed. Every virtualenv is kept in
# ~/.cache/precis-eval/venv-NAME (NAME from the file's path:
# eval/requirements.txt is venv-eval-requirements) and rebuilt when the file
# or the Python changes.
use_venv() {
    local requirements=$1
    local name=${requirements%.txt}
    local venv="${XDG_CACHE_HOME:-$HOME/.cache}/precis-eval/venv-${name//\//-}"
    local stamp="$venv/.requirements.sha256"
    local wanted
    wanted=$({ "$precis_python" --version; cat "$requirements"; } | sha256sum | cut -d' ' -f1)
    if [[ ! -x "$venv/bin/python" ]] || [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
        echo "virtualenv $venv for $requirements" >&2
        "$precis_python" -m venv --clear "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        echo "$wanted" >"$stamp"
    fi
    venv_python="$venv/bin/python"
}

# free_port: prints a loopback port that was free a moment ago.
free_port() {
    "$precis_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serving ADDR: whether the server at ADDR answers the standard gRPC health
# check of the whole server with SERVING. One call over HTTP/2 without TLS,
# from the Python standard library alone.
serving() {
    "$precis_python" - "$1" <<'EOF'
import socket, sys

addr = sys.argv[1]
host, port = addr.rsplit(":", 1)

def frame(kind, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload

def field(name, value):  # HPACK: a literal field, not indexed, plain strings
    name, value = name.encode(), value.encode()
    return b"\0" + bytes([len(name)]) + name + bytes([len(value)]) + value

DATA, HEADERS, RST_STREAM, SETTINGS, GOAWAY = 0, 1, 3, 4, 7
END_STREAM, ACK, END_HEADERS = 1, 1, 4
SERVING = b"\0\0\0\0\x02\x08\x01"  # a 2-byte HealthCheckResponse{status: SERVING}
headers = b"".join(field(*pair) for pair in [
    (":method", "POST"), (":scheme", "http"), (":path", "/grpc.health.v1.Health/Check"),
    (":authority", addr), ("content-type", "application/grpc"), ("te", "trailers")])
try:
    with socket.create_connection((host, int(port)), timeout=2) as conn:
        conn.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(SETTINGS, 0, 0)
                     + frame(HEADERS, END_HEADERS, 1, headers)
                     + frame(DATA, END_STREAM, 1, bytes(5)))  # an empty request: the whole server
        received, message = b"", b""
        while chunk := conn.recv(65536):
            received += chunk
            while len(received) >= 9 and len(received) >= 9 + int.from_bytes(received[:3], "big"):
                length = int.from_bytes(received[:3], "big")
                kind, flags = received[3], received[4]
                stream = int.from_bytes(received[5:9], "big") & 0x7FFFFFFF
                payload, received = received[9:9 + length], received[9 + length:]
                if kind == SETTINGS and not flags & ACK:
                    conn.sendall(frame(SETTINGS, ACK, 0))
                if kind == DATA and stream == 1:
                    message += payload
                if kind in (RST_STREAM, GOAWAY) or (stream == 1 and kind in (DATA, HEADERS) and flags & END_STREAM):
                    sys.exit(0 if message == SERVING else 1)
except OSError:
    pass
sys.exit(1)
EOF
}

# wait_serving ADDR SECONDS [PID]: waits up to SECONDS for the server at ADDR
# to report SERVING; fails at once if process PID has exited.
wait_serving() {
    local addr=$1 seconds=$2 pid=${3:-}
    local deadline=$((SECONDS + seconds))
    until serving "$addr"; do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            echo "precis at $addr exited before it reported SERVING" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "precis at $addr did not report SERVING within ${seconds}s" >&2
            return 1
        fi
        sleep 0.2 # polling between probes, not synchronisation
    done
}

# start_precis LOG [ARGS...]: starts target/release/precis serve on a free
# loopback port, ARGS after its --addr, output to LOG, and waits up to
# $PRECIS_READY_SECONDS (default 60) for SERVING; on failure prints LOG and
# fails. Sets $precis_pid, $precis_port and $precis_addr. Call stop_precis
# from the caller's EXIT trap, set before this.
start_precis() {
    local log=$1
    shift
    precis_port=$(free_port)
    precis_addr="127.0.0.1:$precis_port"
    target/release/precis serve --addr "$precis_addr" "$@" </dev/null >"$log" 2>&1 &
    precis_pid=$!
    if ! wait_serving "$precis_addr" "${PRECIS_READY_SECONDS:-60}" "$precis_pid"; then
        echo "server log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

# stop_precis: stops the server of start_precis, if it runs.
stop_precis() {
    if [[ -n "${precis_pid:-}" ]]; then
        kill "$precis_pid" 2>/dev/null || true
        wait "$precis_pid" 2>/dev/null || true
        precis_pid=""
    fi
}
