"""A Saleor 3 shop in real processes: its own database, uvicorn, a Celery worker with beat,
and a private Redis that a test may stop and start.

Where the point is what survives a process dying or a broker going away, the
shop cannot live inside the test's own process and transaction.  The database
is cloned from the migrated template the suite prepares (seconds), the shop is
loaded through Saleor's GraphQL API by ``load_live_shop`` in a subprocess, and
the test talks to the server over plain HTTP as a storefront does.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


class Http:
    """Django's test-client ``post`` signature over real HTTP (for demo.common.GraphQLClient)."""

    class Response:
        def __init__(self, status_code, content):
            self.status_code, self.content = status_code, content

    def __init__(self, base_url):
        self.base_url = base_url

    def post(self, path, body, content_type="application/json", **headers):
        request = urllib.request.Request(self.base_url + path, data=body.encode(),
                                         method="POST")
        request.add_header("Content-Type", content_type)
        if "HTTP_AUTHORIZATION" in headers:
            request.add_header("Authorization", headers["HTTP_AUTHORIZATION"])
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return self.Response(response.status, response.read())
        except urllib.error.HTTPError as error:
            return self.Response(error.code, error.read())


class Redis:
    """A private redis-server on its own port: stoppable without touching anyone else's."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self):
        return "redis://127.0.0.1:%d/0" % self.port

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(self._answers, 20, 0.1), "redis-server did not start"

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(20)
            self.process = None

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class LiveShop:
    """The shop's database and environment, and the processes a test starts on it."""

    def __init__(self, database_url, folder):
        self.database_url = database_url
        self.folder = Path(folder)
        self.processes = []
        self.logs = []

    def env(self, broker_url=None, **extra):
        env = dict(os.environ)
        env.pop("CELERY_BROKER_URL", None)
        env.update({
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "tests.faults.live_settings",
            "LOYALTY_DEMO_DIR": str(self.folder),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("SALEOR_SRC", "")]),
            "PYTHONWARNINGS": "ignore",
        })
        if broker_url:
            env["CELERY_BROKER_URL"] = broker_url
        env.update(extra)
        return env

    def _spawn(self, name, command, env):
        log = open(self.folder / ("%s-%d.log" % (name, len(self.logs))), "w")
        self.logs.append(log)
        process = subprocess.Popen(command, env=env, cwd=str(REPO), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def serve(self, *, broker_url=None, fault=None):
        """uvicorn serving Saleor 3 with the plugin; ``fault`` names a point that SIGKILLs it."""
        port = free_port()
        command = [sys.executable, "-m", "tests.faults.fault_server", str(port)]
        env = self.env(broker_url, LOYALTY_TEST_FAULT=fault or "")
        process = self._spawn("server", command, env)
        url = "http://127.0.0.1:%d" % port
        if not wait_for(lambda: process.poll() is not None or self._answers(url),
                        START_TIMEOUT, 1) or process.poll() is not None:
            raise AssertionError("the server did not start; see %s" % self.logs[-1].name)
        return url, process

    def worker(self, *, broker_url):
        """A Celery worker with beat (the plugin's schedule, sped up by live_settings)."""
        command = [sys.executable, "-m", "celery", "-A", "saleor.celeryconf:app", "worker",
                   "--pool", "solo", "--beat", "--loglevel", "INFO",
                   "--schedule", str(self.folder / "beat-schedule")]
        return self._spawn("worker", command, self.env(broker_url))

    def manage(self, *args):
        """A management command against the shop's database: (exit status, output)."""
        done = subprocess.run([sys.executable, "-m", "django"] + list(args), env=self.env(),
                              cwd=str(REPO), capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout + done.stderr

    @staticmethod
    def _answers(url):
        try:
            body = json.dumps({"query": "{ shop { name } }"}).encode()
            request = urllib.request.Request(url + "/graphql/", data=body,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for log in self.logs:
            log.close()
        self.processes, self.logs = [], []


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_shop_database(test_database_name):
    """A database cloned from the suite's migrated template, with the shop loaded."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    name = test_database_name + "_live"
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"],
              "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as admin:
        admin.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
        template = test_database_name + "_template"
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               [template]).fetchone()
        admin.execute('CREATE DATABASE "%s"%s' % (name, ' TEMPLATE "%s"' % template
                                                  if exists else ""))
    return with_database(os.environ["DATABASE_URL"], name), name


def drop_database(name):
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"],
              "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as admin:
        admin.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def make_folder():
    return Path(tempfile.mkdtemp(prefix="loyalty-live-"))


def remove_folder(folder):
    shutil.rmtree(folder, ignore_errors=True)
