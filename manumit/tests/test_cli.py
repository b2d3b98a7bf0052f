"""The `manumit` command: Django's commands pass through, and `manumit serve` really serves."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from manumit.tests.support.processes import environment

BIN = Path(sys.executable).parent


def manumit_command() -> list[str]:
    """The installed console script, or `python -m manumit` where there is none."""
    script = BIN / ("manumit.exe" if os.name == "nt" else "manumit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "manumit"]


def run(args: list[str], data_dir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=environment(data_dir, **variables),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(port: int, path: str, timeout: float = 5) -> http.client.HTTPResponse:
    """One GET request; the body is read, so the response can be inspected afterwards."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        return response
    finally:
        connection.close()


# --- passing through to Django -----------------------------------------------------------


@pytest.mark.parametrize(
    "command", [manumit_command(), [sys.executable, "-m", "manumit"]], ids=["script", "module"]
)
def test_manumit_check_passes_through_to_django(tmp_path: Path, command: list[str]) -> None:
    result = run([*command, "check"], tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_manumit_without_arguments_lists_our_commands_and_djangos(tmp_path: Path) -> None:
    result = run(manumit_command(), tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "Type 'manumit help <subcommand>'" in result.stdout  # named manumit, not manage.py
    for command in ("serve", "migrate", "createsuperuser"):
        assert command in result.stdout


def test_a_bad_setting_stops_the_command_naming_the_variable(tmp_path: Path) -> None:
    result = run([*manumit_command(), "check"], tmp_path / "data", MANUMIT_PORT="eighty")
    assert result.returncode != 0
    assert "MANUMIT_PORT must be a whole number, got 'eighty'" in result.stderr


# --- serving -----------------------------------------------------------------------------


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    data_dir = root / "data"
    migrated = run([*manumit_command(), "migrate", "--no-input"], data_dir)
    assert migrated.returncode == 0, migrated.stderr

    port = free_port()
    log = root / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*manumit_command(), "serve"],
            env=environment(data_dir, MANUMIT_PORT=str(port), MANUMIT_HOST="127.0.0.1"),
            cwd=root,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    running = Server(process, port, log)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"manumit serve exited with {process.returncode}:\n{running.output()}")
            try:
                if get(port, "/healthz", timeout=1).status == 200:
                    break
            except OSError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz did not answer 200 within 20 s:\n{running.output()}")
            time.sleep(0.1)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_serve_answers_the_health_check(server: Server) -> None:
    response = get(server.port, "/healthz")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/json"
    report = json.loads(response.body)  # type: ignore[attr-defined]
    assert report["status"] == "ok"  # the components' details follow (see site/health)
    assert f"http://127.0.0.1:{server.port}/" in server.output()


def test_serve_serves_the_listing(server: Server) -> None:
    response = get(server.port, "/")
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/html")
    assert response.getheader("Server") == "granian"  # the production server (site/serve)
    assert b"</html>" in response.body  # type: ignore[attr-defined]


def test_serve_serves_static_files_without_collectstatic(server: Server) -> None:
    response = get(server.port, "/static/manumit/site.css")
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/css")
    assert "max-age" in response.getheader("Cache-Control", "")  # whitenoise, not Django
    source = Path(__file__).resolve().parents[1] / "static" / "manumit" / "site.css"
    assert response.body == source.read_bytes()  # type: ignore[attr-defined]


def test_serve_sends_security_headers(server: Server) -> None:
    response = get(server.port, "/")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "default-src 'self'" in response.getheader("Content-Security-Policy", "")


def test_serve_refuses_an_unknown_host(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("GET", "/", headers={"Host": "evil.example"})
        assert connection.getresponse().status == 400
    finally:
        connection.close()


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/robots.txt")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_serve_stops_on_terminate(tmp_path: Path) -> None:
    """A service manager's SIGTERM stops the server promptly."""
    port = free_port()
    process = subprocess.Popen(
        [*manumit_command(), "serve", "--port", str(port)],
        env=environment(tmp_path / "data"),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Started means answering: collectstatic and the forks take a while on a busy
        # two-core machine. granian listens before its workers run, and a SIGTERM that
        # lands while they are still spawning is the server's start-up, not its stop.
        deadline = time.monotonic() + 120
        answering = False
        while not answering and time.monotonic() < deadline and process.poll() is None:
            answering = _answers(port)
            time.sleep(0.1)
        assert answering, "manumit serve never answered"
        process.terminate()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
