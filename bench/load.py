"""Fair-opening load test on loopback; prints one JSON object.

Starts `fairmatch serve` over a fresh demo fair in a temporary folder (SQLite, the embedded
search index, the in-process task queue), plays 1,500 seekers arriving within 60 s (browse,
search, résumé, apply) plus 80 firms ranking candidates and downloading lists, then checks that
every acknowledged application and résumé is in the database, the index and the counters.
Example: python bench/load.py --seekers 1500 --arrival 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench.fairserver import ServedFair, cache_share
from bench.production import add_fair_options, bench_fair, fair_setup
from bench.scenario import Plan, Run, fair_opening
from bench.verify import (
    TARGETS,
    application_count,
    counters_agree,
    latency_summary,
    meets,
    settings_from_env,
    stored_and_indexed,
)


def traffic(run: Run) -> dict[str, Any]:
    """Per kind of request: rate over its active span and latency percentiles."""
    rec = run.rec
    out: dict[str, Any] = {}
    for kind, samples in sorted(rec.latencies.items()):
        start, end = rec.spans[kind]
        out[kind] = latency_summary(samples, end - start) | {"status": dict(rec.statuses[kind])}
    reads = rec.latencies.get("browse", []) + rec.latencies.get("search", [])
    spans = [rec.spans[k] for k in ("browse", "search") if k in rec.spans]
    if spans:
        seconds = max(s[1] for s in spans) - min(s[0] for s in spans)
        out["browse_search"] = latency_summary(reads, seconds)
    return out


def against_targets(measured: dict[str, Any]) -> dict[str, bool]:
    return {
        "apply": meets(measured.get("apply", {}), TARGETS["apply"]),
        "browse_search": meets(measured.get("browse_search", {}), TARGETS["browse"]),
    }


async def measure(fair: ServedFair, plan: Plan) -> dict[str, Any]:
    settings = settings_from_env(fair.env)
    cpu_before = os.times()
    run_fair: Run | None = None
    fair_id = 1
    rows_before = await application_count(settings, fair_id)
    cache_before, server_cpu_before = await fair.cache_counts(), fair.cpu_seconds()
    run_fair = await fair_opening(fair.base_url, plan)
    cpu = os.times()
    server_cpu = fair.cpu_seconds() - server_cpu_before
    cache = await fair.cache_counts()
    fair_id = run_fair.postings[0].fair_id
    counters = await counters_agree(fair.base_url, fair.admin_token, settings, fair_id)
    fair.stop()  # drains the in-process queue and releases the embedded index
    checks = await stored_and_indexed(
        settings,
        applications=run_fair.ledger.applications,
        resumes=run_fair.ledger.resumes,
        rows_before=rows_before,
        fair_id=fair_id,
        applications_cut=run_fair.ledger.applications_cut,
    )
    measured = traffic(run_fair)
    return {
        "seconds": round(run_fair.seconds, 1),
        "postings": len(run_fair.postings),
        "seekers_cut_at_deadline": run_fair.seekers_cut,
        "writes_without_answer": run_fair.ledger.unacknowledged_writes,
        "driver_cpu_s": round(cpu.user + cpu.system - cpu_before.user - cpu_before.system, 1),
        "server_cpu_s": round(server_cpu, 1),
        "anonymous_reads_answered_from_cache": cache_share(cache_before, cache),
        "traffic": measured,
        "targets_met": against_targets(measured),
        "integrity": checks | {"counters": counters},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=1500)
    parser.add_argument(
        "--arrival", type=float, default=60.0, help="seconds over which they arrive"
    )
    parser.add_argument("--browse", type=int, default=10, help="list pages per seeker")
    parser.add_argument("--searches", type=int, default=10, help="searches per seeker")
    parser.add_argument("--applies", type=int, default=12, help="applications per seeker")
    parser.add_argument("--firms", type=int, default=80, help="enterprises ranking (<= 80)")
    parser.add_argument(
        "--firm-think",
        type=float,
        default=15.0,
        help="seconds a recruiter spends on a ranked list before asking again",
    )
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight")
    parser.add_argument("--grace", type=float, default=60.0, help="seconds after the last arrival")
    add_fair_options(parser)
    args = parser.parse_args()
    plan = Plan(
        seekers=args.seekers,
        arrival_seconds=args.arrival,
        browse=args.browse,
        searches=args.searches,
        applies=args.applies,
        firms=min(args.firms, 80),
        firm_think_seconds=args.firm_think,
        concurrency=args.concurrency,
        grace_seconds=args.grace,
    )
    started = time.perf_counter()
    with bench_fair(args, overrides={}) as fair:
        setup = round(time.perf_counter() - started, 1)
        result = asyncio.run(measure(fair, plan))
    report = {
        "bench": "fair_opening",
        "setup": fair_setup(args) | {"seconds": setup},
        "plan": vars(plan),
    } | result
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
