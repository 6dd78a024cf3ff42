"""Prepare the Saleor 3 test database from a migrated template, then let pytest reuse it.

Why: creating Saleor 3's test database runs about 1,500 migrations (3+ minutes on
two cores) although they change only when Saleor, its dependencies or our
migrations do.  So the migrated state is kept once as a PostgreSQL template
database, labelled (COMMENT ON DATABASE) with a fingerprint of everything that
decides it; each run clones the template into the test database (seconds) and
pytest runs with ``--reuse-db``, where Django still applies any migration that
is missing.  A changed fingerprint (a migration, an app config, a model of an
app without migrations, test settings, Saleor's source, an installed package)
rebuilds the template, so a clone is always what a fresh ``migrate`` would give.

Run with the Saleor 3 venv's python, from the plugin repo, with PYTHONPATH
holding Saleor's source and DATABASE_URL set as for the tests.  Prints
``--reuse-db`` on stdout when the test database is ready; otherwise prints
nothing, says why on stderr and exits 1 (then run pytest as usual).
SALEOR3_FRESH_DB=1 rebuilds the template unconditionally.
"""
import hashlib
import os
import re
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "saleor_loyalty_plugin"
SETTINGS_MODULE = os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings")


def log(message):
    print("saleor3-test-db: %s" % message, file=sys.stderr, flush=True)


def saleor_source():
    import saleor

    return Path(saleor.__file__).resolve().parent.parent


def decides_schema(path):
    """Files of ours that shape the migrated database: the migrations and the app
    config; models only while the app has no migrations (then syncdb builds tables
    from them; with migrations, a model edit without one changes no fresh database)."""
    parts = path.relative_to(REPO).parts
    if "migrations" in parts or path.name == "apps.py":
        return True
    is_models = path.name == "models.py" or "models" in parts[:-1]
    return is_models and not (PACKAGE / "migrations").is_dir()


def fingerprint():
    digest = hashlib.sha256()

    def add(*fields):
        digest.update(("\0".join(str(field) for field in fields) + "\n").encode())

    add("python", sys.version)
    add("settings", SETTINGS_MODULE)
    # Django's and third-party apps' migrations come with their versions: the names of
    # the venv's *.dist-info folders (not sys.path's, which depends on the directory).
    for key in ("purelib", "platlib"):
        folder = sysconfig.get_paths()[key]
        for name in sorted(os.listdir(folder)):
            if name.endswith(".dist-info") and not name.startswith("saleor_loyalty_plugin-"):
                add("dist", key, name)
    # Saleor's tree: a release archive keeps its mtimes, a checkout changes those it edits.
    saleor_root = str(saleor_source())
    for folder, subfolders, files in os.walk(os.path.join(saleor_root, "saleor")):
        subfolders.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                add("saleor", path[len(saleor_root):], stat.st_size, stat.st_mtime_ns)
    # Ours: migrations, app config, test settings and packaging (entry point).
    ours = [p for p in sorted(PACKAGE.rglob("*.py")) if decides_schema(p)]
    ours += sorted((REPO / "tests").rglob("models.py"))
    imports_package = re.compile(r"^\s*(from|import)\s+(saleor_loyalty_plugin\b|\.\.)", re.M)
    migrations_import_package = any(
        imports_package.search(p.read_text(encoding="utf-8"))
        for p in ours
        if "migrations" in p.relative_to(REPO).parts
    )
    if migrations_import_package:  # a migration runs our code: all of it counts
        ours = sorted(PACKAGE.rglob("*.py")) + sorted((REPO / "tests").rglob("models.py"))
    ours += [REPO / name for name in ("setup.cfg", "setup.py", "pyproject.toml")]
    ours += [REPO / Path(*SETTINGS_MODULE.split(".")).with_suffix(".py")]
    for path in ours:
        if path.is_file():
            add("ours", path.relative_to(REPO), hashlib.sha256(path.read_bytes()).hexdigest())
    return digest.hexdigest()


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def main():
    url = os.environ.get("DATABASE_URL")
    if not url:
        log("DATABASE_URL is not set")
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    sys.path.insert(0, str(REPO))  # tests.settings, as pytest's `pythonpath = .` gives it
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        log("not PostgreSQL; no template")
        return 1
    test_name = (database.get("TEST") or {}).get("NAME") or "test_" + database["NAME"]
    template = test_name + "_template"

    import psycopg
    from psycopg import sql

    started = time.monotonic()
    key = fingerprint()
    params = {
        "dbname": "postgres",
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        # One run at a time builds or clones (two make runs against one server).
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (template,))
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (template,),
        ).fetchone()
        fresh = os.environ.get("SALEOR3_FRESH_DB") == "1"
        if row is None or row[0] != key or fresh:
            why = "forced" if fresh else "none yet" if row is None else "inputs changed"
            log("building the migrated template %s (%s; about 3-4 minutes)..." % (template, why))
            build_started = time.monotonic()
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(template)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
            env = dict(os.environ, DATABASE_URL=with_database(url, template))
            env.pop("DATABASE_URL_REPLICA", None)
            # What Django's create_test_db runs on a new test database.
            for command in (["migrate", "--run-syncdb", "--noinput", "-v", "0"],
                            ["createcachetable"]):
                subprocess.run([sys.executable, "-m", "django"] + command, env=env, cwd=REPO,
                               check=True, stdout=sys.stderr)
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(template), sql.Literal(key)
                )
            )
            log("template built in %.0f s" % (time.monotonic() - build_started))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(test_name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(test_name), sql.Identifier(template)
            )
        )
    log("%s cloned from %s (%.1f s in all)" % (test_name, template, time.monotonic() - started))
    print("--reuse-db")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # any failure: the caller runs pytest the usual way
        log("no reusable database (%s: %s); pytest will create it" % (type(error).__name__, error))
        sys.exit(1)
