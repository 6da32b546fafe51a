#!/usr/bin/env python3
"""Figures for bench/sink-scale-bench.sh, read from the sinks' APIs and logs.

  status PORT...           sum over the sinks' GET /api/sink: rows_committed commits assigned_partitions
                           sinks_with_partitions commit_conflicts
  metrics PORT...          sum over the sinks' /q/metrics: conflicts storage_retries flush_seconds_sum flushes
  commits T0 T1 LOG...     the Delta commits in the sinks' logs between T0 and T1 (epoch seconds): commits
                           compactions attempts retries_per_commit mean_ms max_ms commits_per_second (see commits)
"""
import datetime
import json
import re
import sys
import urllib.request


def get(url):
    # a sink busy starting or flushing on shared cores can take seconds to answer: wait, and try again once
    for attempt in (1, 2):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return r.read().decode()
        except OSError:
            if attempt == 2:
                raise


def status(ports):
    rows = commits = assigned = with_partitions = conflicts = 0
    for port in ports:
        s = json.loads(get(f"http://127.0.0.1:{port}/api/sink"))
        rows += s["rows_committed"]
        commits += s["commits"]
        conflicts += s["commit_conflicts"]
        n = len(s.get("partitions") or [])
        assigned += n
        with_partitions += 1 if n > 0 else 0
    print(rows, commits, assigned, with_partitions, conflicts)


def metrics(ports):
    wanted = {
        "clickstream_sink_commit_conflicts_total": 0.0,
        "clickstream_sink_storage_retries_total": 0.0,
        "clickstream_sink_commit_latency_seconds_sum": 0.0,
        "clickstream_sink_commit_latency_seconds_count": 0.0,
    }
    for port in ports:
        for line in get(f"http://127.0.0.1:{port}/q/metrics").splitlines():
            name = line.split("{")[0].split(" ")[0]
            if name in wanted:
                wanted[name] += float(line.rsplit(" ", 1)[1])
    print(" ".join(f"{v:.6f}" if "seconds_sum" in k else f"{int(v)}" for k, v in wanted.items()))


LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO .*\(([\w-]+)\) .*"
                      r"(Attempting to commit version |Committed delta #)(\d+)")


def commits(t0, t1, logs):
    """The Delta commits the sinks logged between t0 and t1 (epoch seconds), from delta-standalone's own INFO lines.

    delta-standalone retries a commit by itself when another writer took the version it tried ("Attempting to
    commit version N" again with a higher N, after checking the winner for a logical conflict): the sink never
    sees those retries, its conflict metric counts only the logical conflicts it retried itself. Prints: commits,
    of them compactions, attempts, retries per commit, mean and max commit time in ms (first attempt to committed:
    conflict checks, the commit file, and the checkpoint every 10th version), versions committed per second.
    """
    done = compactions = attempts = 0
    times = []
    for log in logs:
        first = {}
        with open(log, errors="replace") as f:
            for line in f:
                m = LOG_LINE.match(line)
                if not m:
                    continue
                when = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
                thread = m.group(2)
                if m.group(3).startswith("Attempting"):
                    first.setdefault(thread, when)
                    if t0 <= when <= t1:
                        attempts += 1
                    continue
                started = first.pop(thread, when)
                if t0 <= when <= t1:
                    done += 1
                    compactions += 1 if thread == "sink-compactor" else 0
                    times.append(1000 * (when - started))
    mean = sum(times) / len(times) if times else 0.0
    retries = (attempts - done) / done if done else 0.0
    print(done, compactions, attempts, f"{retries:.3f}", f"{mean:.0f}", f"{max(times, default=0):.0f}",
          f"{done / (t1 - t0):.2f}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "status":
        status(args)
    elif cmd == "metrics":
        metrics(args)
    elif cmd == "commits":
        commits(float(args[0]), float(args[1]), args[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
