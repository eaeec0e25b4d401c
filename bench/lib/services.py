"""What the benchmark starts and reads: its own redis-server, the MariaDB counters, and the application instances.

Only the Python standard library: this machine reaches no Python package index, and everything here is a few
subprocess and HTTP calls.
"""
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ARTICLES = 100_000  # the benchmark's data set: articles 1..100,000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


class Redis:
    """A private redis-server on a free port: the benchmark's keys never mix with anything else's."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(workdir), "--logfile", str(workdir / "redis.log")])
        wait_until(lambda: self.cli("PING") == "PONG", 10, "redis-server")

    def cli(self, *args):
        done = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return done.stdout.strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


class RedisCluster:
    """A private Redis Cluster (3 masters, 3 replicas on loopback), started by .ci/redis-cluster as CI's is."""

    def __init__(self, workdir: Path, first_port=7201):
        self.first_port = first_port
        self.ports = list(range(first_port, first_port + 6))
        self.script = str(Path(__file__).resolve().parents[2] / ".ci/redis-cluster")
        subprocess.run([self.script, "start", str(first_port)], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "REDIS_CLUSTER_DIR": str(workdir / f"cluster-{first_port}")})

    @property
    def nodes(self):
        return ",".join(f"127.0.0.1:{port}" for port in self.ports)

    def masters(self):
        return [port for port in self.ports if "role:master" in subprocess.run(
            ["redis-cli", "-p", str(port), "INFO", "replication"], capture_output=True, text=True).stdout]

    def count_keys(self, pattern):
        """Keys matching the pattern on every master (a SCAN of each)."""
        return sum(subprocess.run(["redis-cli", "-p", str(port), "--scan", "--pattern", pattern],
                                  capture_output=True, text=True).stdout.count("\n") for port in self.masters())

    def keys_per_master(self, pattern):
        return {port: subprocess.run(["redis-cli", "-p", str(port), "--scan", "--pattern", pattern],
                                     capture_output=True, text=True).stdout.count("\n") for port in self.masters()}

    def stop(self):
        subprocess.run([self.script, "stop", str(self.first_port)], check=False)


class Database:
    """The MySQL-protocol database (MariaDB here): a database of the benchmark's own, and per-mode statement
    counters. Each mode connects as a database user of its own, so MariaDB's USER_STATISTICS counts what that mode
    alone sent (statements, commits and rollbacks included), whatever else the server is doing."""

    def __init__(self, host, port, name):
        self.host, self.port, self.name = host, port, name
        self.client = shutil.which("mariadb") or shutil.which("mysql")
        if not self.client:
            raise RuntimeError("needs the mariadb (or mysql) command-line client")
        self.per_user = False

    def sql(self, statement, database=None):
        command = [self.client, "-h", self.host, "-P", str(self.port), "-uroot", "-N", "-B", "-e", statement]
        if database:
            command.append(database)
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    def reachable(self):
        try:
            self.sql("SELECT 1")
            return True
        except (subprocess.CalledProcessError, OSError):
            return False

    def articles(self):
        """How many articles the benchmark database holds; -1 when it has no schema yet."""
        try:
            return int(self.sql("SELECT COUNT(*) FROM articles", self.name))
        except subprocess.CalledProcessError:
            return -1

    def has_accounts(self):
        """Whether the demo admin (user 1) can log in: false for data seeded before accounts existed."""
        try:
            return self.sql("SELECT COUNT(*) FROM users WHERE id = 1 AND role = 'ADMIN' "
                            "AND password_hash IS NOT NULL", self.name) == "1"
        except subprocess.CalledProcessError:
            return False

    def recreate(self):
        self.sql(f"DROP DATABASE IF EXISTS `{self.name}`; CREATE DATABASE `{self.name}`")

    def enable_user_statistics(self):
        """MariaDB's per-user counters (the userstat plugin, built in); False where the server has none."""
        try:
            self.sql("SET GLOBAL userstat = 1")
            self.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.USER_STATISTICS")
            self.per_user = True
        except subprocess.CalledProcessError:
            self.per_user = False
        return self.per_user

    def ensure_user(self, user):
        """A database user for one mode, with every right on the benchmark's database and no password."""
        for host in ("%", "localhost", "127.0.0.1"):
            self.sql(f"CREATE USER IF NOT EXISTS '{user}'@'{host}' IDENTIFIED BY ''; "
                     f"GRANT ALL ON `{self.name}`.* TO '{user}'@'{host}'")

    def statements(self, user):
        """What one mode's user sent so far: statements (SELECT, UPDATE, other: SET, BEGIN...) and commits."""
        if not self.per_user:
            rows = self.sql("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_select','Com_update','Com_insert',"
                            "'Com_delete','Com_commit')")
            values = {line.split()[0]: int(line.split()[1]) for line in rows.splitlines()}
            return {"statements": sum(v for k, v in values.items() if k != "Com_commit"),
                    "commits": values.get("Com_commit", 0)}
        row = self.sql("SELECT SELECT_COMMANDS, UPDATE_COMMANDS, OTHER_COMMANDS, COMMIT_TRANSACTIONS, "
                       f"ROLLBACK_TRANSACTIONS FROM INFORMATION_SCHEMA.USER_STATISTICS WHERE USER = '{user}'")
        if not row:
            return {"statements": 0, "commits": 0}
        select, update, other, commits, rollbacks = (int(v) for v in row.split())
        return {"statements": select + update + other, "commits": commits + rollbacks}

    @property
    def url(self):
        return f"jdbc:mariadb://{self.host}:{self.port}/{self.name}"


class Instance:
    """One instance of the application jar in one benchmark mode."""

    def __init__(self, name, jar, args, logdir: Path, heap="768m", db_user=None):
        self.name = name
        self.db_user = db_user
        self.port = free_port()
        self.log = logdir / f"app-{name}.log"
        command = ["java", f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-jar", str(jar),
                   f"--server.port={self.port}", *args]
        self.process = subprocess.Popen(command, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    # The demo data's admin (user 1): the admin API and the benchmark's writes need its access token.
    ADMIN_LOGIN = {"mobile": "13800000001", "password": "newsfeed-demo"}

    def admin_token(self):
        """An access token of the demo admin, logged in once per instance (tokens last 2 h, a run less)."""
        if getattr(self, "_token", None) is None:
            request = urllib.request.Request(self.base + "/api/authorizations", method="POST",
                                             data=json.dumps(self.ADMIN_LOGIN).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                self._token = json.load(response)["token"]
        return self._token

    def _authorized(self, path, method, data=None):
        return urllib.request.Request(self.base + path, method=method, data=data,
                                      headers={"Authorization": "Bearer " + self.admin_token()})

    def ready(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"instance {self.name} exited; see {self.log}")
        try:
            with urllib.request.urlopen(self.base + "/actuator/health/readiness", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def get_json(self, path):
        with urllib.request.urlopen(self._authorized(path, "GET"), timeout=30) as response:
            return json.load(response)

    def post(self, path, timeout=600):
        with urllib.request.urlopen(self._authorized(path, "POST", b""), timeout=timeout) as response:
            return json.load(response)

    def delete(self, path):
        with urllib.request.urlopen(self._authorized(path, "DELETE"), timeout=10) as response:
            return response.status

    def cache_counters(self, caches=("article-info", "article-body", "user-profile")):
        """Per cache a detail read goes through ("article-info:l1_hits", ...), and summed ("l1_hits", ...): L1 and
        L2 hits and misses, loads, bloom rejections."""
        stats = self.get_json("/api/admin/cache/stats")
        fields = ("l1_hits", "l1_misses", "l2_hits", "l2_misses", "loads", "bloom_rejections")
        totals = dict.fromkeys(fields, 0)
        for name in caches:
            cache = stats[name]
            mine = dict.fromkeys(fields, 0)
            if cache.get("l1"):
                mine["l1_hits"] = cache["l1"]["hits"]
                mine["l1_misses"] = cache["l1"]["misses"]
            if cache.get("l2"):
                mine["l2_hits"] = cache["l2"]["hits"] + cache["l2"]["absentHits"]
                mine["l2_misses"] = cache["l2"]["misses"]
            loads = cache["loads"]
            mine["loads"] = loads["found"] + loads["absent"] + loads["errors"]
            mine["bloom_rejections"] = loads["bloomRejections"]
            for field, value in mine.items():
                totals[field] += value
                totals[f"{name}:{field}"] = value
        return totals

    def heap_after_gc_mb(self):
        """Heap in use after a full collection: what the mode keeps, not what it has not yet collected."""
        subprocess.run(["jcmd", str(self.process.pid), "GC.run"], capture_output=True, check=False)
        heap = self.get_json("/actuator/metrics/jvm.memory.used?tag=area:heap")
        return heap["measurements"][0]["value"] / 1024 / 1024

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def stop_all(things):
    for thing in things:
        try:
            thing.stop()
        except Exception as error:  # keep stopping the others
            print(f"could not stop {thing}: {error}")


def env_or(name, default):
    return os.environ.get(name) or default
