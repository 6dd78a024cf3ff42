"""What both hosts' benchmarks share: counting SQL, alternating the plugin on and off,
reporting medians and ratios, and the Redis broker of broker mode."""
import statistics


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


def alternate(iteration, rows, iterations, set_plugin_active):
    """Samples of ``iteration()`` (row -> (seconds, queries)) with the plugin on and off.

    One warm-up per arm, then the arms alternate every iteration so that drift
    (caches, other load on the machine) hits both alike.
    """
    samples = {True: {row: [] for row in rows}, False: {row: [] for row in rows}}
    for active in (True, False):
        set_plugin_active(active)
        iteration()
    for index in range(iterations * 2):
        active = index % 2 == 0
        set_plugin_active(active)
        for row, value in iteration().items():
            samples[active][row].append(value)
    return samples


def report(title, samples, rows):
    """Medians per arm, their ratio and SQL statements per call; never a verdict."""
    print("\n" + title)
    print("  %-30s %10s %10s %8s %12s" % ("call", "on (ms)", "off (ms)", "ratio", "SQL on/off"))
    for row in rows:
        on, off = samples[True][row], samples[False][row]
        on_ms = statistics.median(s for s, _ in on) * 1000
        off_ms = statistics.median(s for s, _ in off) * 1000
        on_q = statistics.median(q for _, q in on)
        off_q = statistics.median(q for _, q in off)
        print("  %-30s %10.1f %10.1f %8.3f %7g/%g" % (row, on_ms, off_ms, on_ms / off_ms,
                                                      on_q, off_q))
