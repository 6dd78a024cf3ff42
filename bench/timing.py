"""What both hosts' benchmarks share: counting SQL, and the Redis broker of broker mode."""


class QueryCounter:
    """Counts SQL statements (CaptureQueriesContext miscounts past 9000 queries)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def broker_reachable(url):
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def purge_broker(url):
    """The bench sends to a Redis database of its own; nothing runs those tasks."""
    import redis

    redis.Redis.from_url(url).flushdb()
