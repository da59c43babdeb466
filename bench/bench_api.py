"""HTTP API latency on a generated store: p50/p95 of the main endpoints.

    python bench/bench_api.py                       # 1,000,000 events (takes a while to generate)
    python bench/bench_api.py --events 200000 --requests 100
    python bench/bench_api.py --db /tmp/big.db --keep   # generate once, re-run with --reuse
    python bench/bench_api.py --db /tmp/big.db --reuse --json

The store is filled by SQL bulk inserts (not the coder): random events over 2011-2024 in a box
around Syria and Iraq, a twentieth as many articles (each event reported by one), their FTS
index, and actors. Requests go through the app in process (Starlette's TestClient), so the
numbers are the app plus the database, without a network hop.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from frontlines.store import Store  # noqa: E402
from frontlines.store.models import ActorRow, ArticleRow, EventReportRow, EventRow  # noqa: E402

FIRST_DAY = date(2011, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
BOX = (35.5, 32.0, 48.0, 37.5)  # minlon, minlat, maxlon, maxlat: Syria and northern Iraq
COUNTRIES = ("Syria", "Iraq", "Turkey", "Lebanon")
ADMIN1 = ("Aleppo", "Idlib", "Homs", "Hama", "Damascus", "Raqqa", "Deir ez Zor", "Ninewa", "Anbar")
TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Arrests", "Looting/property destruction", "Headquarters or base established"),
}
ACTORS = tuple(f"Armed group {i}" for i in range(60)) + (
    "Military Forces of Syria (2000-2024)", "Islamic State (Syria)", "Free Syrian Army",
    "Civilians (Syria)", "Military Forces of Iraq (2014-)", "Protesters (Syria)")
WORDS = ("shelling", "aleppo", "ceasefire", "convoy", "checkpoint", "airstrike", "rebels", "army",
         "village", "hospital", "market", "refugees", "negotiations", "offensive", "tunnel",
         "bridge", "militia", "border", "siege", "district", "killed", "wounded", "monitor", "said")


def _event_row(rng: random.Random, n: int, now: datetime) -> dict[str, Any]:
    event_type = rng.choice(tuple(TYPES))
    actor1, actor2 = rng.sample(ACTORS, 2)
    return {
        "id": f"fl-bench{n:012d}", "event_date": FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1)),
        "time_precision": 1, "event_type": event_type, "sub_event_type": rng.choice(TYPES[event_type]),
        "actor1": actor1, "assoc_actor_1": None, "inter1": 3, "actor2": actor2, "assoc_actor_2": None,
        "inter2": 1, "interaction": 13, "civilian_targeting": None, "country": rng.choice(COUNTRIES),
        "admin1": rng.choice(ADMIN1), "admin2": None, "location": f"Place {rng.randrange(5000)}",
        "latitude": round(rng.uniform(BOX[1], BOX[3]), 4), "longitude": round(rng.uniform(BOX[0], BOX[2]), 4),
        "geo_precision": rng.choice((1, 2, 3)), "fatalities": int(rng.expovariate(0.3)),
        "notes": " ".join(rng.choices(WORDS, k=12)), "confidence": 0.7, "place_id": None,
        "sources": 1, "status": "active", "created_at": now, "updated_at": now,
    }


def _article_row(rng: random.Random, n: int, now: datetime) -> dict[str, Any]:
    text = ". ".join(" ".join(rng.choices(WORDS, k=15)) for _ in range(8)) + "."
    return {"id": n, "content_hash": f"bench{n}", "url_key": f"https://bench.example/{n}",
            "url": f"https://bench.example/{n}", "title": " ".join(rng.choices(WORDS, k=6)),
            "source": "Bench Wire", "published": FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1)),
            "text": text, "captions": [], "language": "en", "ingested_at": now}


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(store: Store, n_events: int, seed: int, batch_size: int = 20_000) -> None:
    """Bulk-insert ``n_events`` events, n/20 articles (FTS-indexed by the schema's triggers),
    one report per event and the actors."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    n_articles = max(1, n_events // 20)
    with store.engine.begin() as conn:
        conn.execute(insert(ActorRow), [{"name": a, "inter": 3, "affiliations": []} for a in ACTORS])
        for batch in _batches((_article_row(rng, i + 1, now) for i in range(n_articles)), batch_size):
            conn.execute(insert(ArticleRow), batch)
    for start in range(0, n_events, batch_size):
        count = min(batch_size, n_events - start)
        events = [_event_row(rng, start + i, now) for i in range(count)]
        reports = [{"event_id": e["id"], "article_id": 1 + (start + i) % n_articles, "position": 0,
                    "start": 0, "end": 40, "text": e["notes"][:40], "section": "body",
                    "sentence_index": 0} for i, e in enumerate(events)]
        with store.engine.begin() as conn:
            conn.execute(insert(EventRow), events)
            conn.execute(insert(EventReportRow), reports)
        print(f"\r{start + count:,} / {n_events:,} events", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # the query planner's statistics for the new indexes


def _window(rng: random.Random, days: int) -> dict[str, str]:
    first = FIRST_DAY + timedelta(days=rng.randrange(DAYS - days))
    return {"date_from": first.isoformat(), "date_to": (first + timedelta(days=days)).isoformat()}


def _bbox(rng: random.Random, size: float) -> str:
    lon, lat = rng.uniform(BOX[0], BOX[2] - size), rng.uniform(BOX[1], BOX[3] - size)
    return f"{lon:.3f},{lat:.3f},{lon + size:.3f},{lat + size:.3f}"


def scenarios(n_events: int) -> dict[str, Callable[[random.Random], tuple[str, dict[str, Any]]]]:
    """name -> (rng -> (path, query parameters)) for one request."""
    def event_id(rng: random.Random) -> str:
        return f"fl-bench{rng.randrange(n_events):012d}"

    return {
        "events (newest page)": lambda rng: ("/api/events", {"limit": 100}),
        "events (country+type+30 days)": lambda rng: ("/api/events", {
            "country": rng.choice(COUNTRIES), "event_type": rng.choice(tuple(TYPES)), **_window(rng, 30)}),
        "events (actor, page 3)": lambda rng: ("/api/events", {"actor": rng.choice(ACTORS), "offset": 200}),
        "events (bbox 1°, geojson)": lambda rng: ("/api/events", {"bbox": _bbox(rng, 1.0), "format": "geojson"}),
        "events (bbox 0.5° + 90 days)": lambda rng: ("/api/events", {"bbox": _bbox(rng, 0.5), **_window(rng, 90)}),
        "timeline (week, 1 year)": lambda rng: ("/api/timeline", {"interval": "week", **_window(rng, 365)}),
        "timeline (day, 90 days, country)": lambda rng: ("/api/timeline", {
            "interval": "day", "country": rng.choice(COUNTRIES), **_window(rng, 90)}),
        "timeline (week, everything)": lambda rng: ("/api/timeline", {"interval": "week"}),
        "event detail": lambda rng: (f"/api/events/{event_id(rng)}", {}),
        "article search (2 words)": lambda rng: ("/api/articles", {"q": " ".join(rng.sample(WORDS, 2))}),
        "article detail": lambda rng: (f"/api/articles/{1 + rng.randrange(max(1, n_events // 20))}", {}),
    }


def measure(client: Any, make: Callable[[random.Random], tuple[str, dict[str, Any]]], requests: int,
            rng: random.Random) -> dict[str, float]:
    times = []
    for _ in range(requests):
        path, params = make(rng)
        start = time.perf_counter()
        response = client.get(path, params=params)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} {params}: {response.status_code} {response.text[:200]}")
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(times[-1], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per endpoint")
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use the events already in --db")
    parser.add_argument("--keep", action="store_true", help="keep the generated --db")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from frontlines.web import create_app

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-api-")
        args.db = Path(tmp.name) / "bench.db"
    if not args.reuse and args.db.exists():
        raise SystemExit(f"{args.db} exists: pass --reuse to measure it, or remove it")
    store = Store.open(f"sqlite:///{args.db}")
    started = time.perf_counter()
    if not args.reuse:
        generate(store, args.events, args.seed)
    generated_s = round(time.perf_counter() - started, 1)
    n_events = store.counts()["events"]

    def no_coder() -> Any:
        raise RuntimeError("the bench does not ingest")

    rng = random.Random(args.seed + 1)
    results: dict[str, dict[str, float]] = {}
    with TestClient(create_app(store, coder_factory=no_coder)) as client:
        for name, make in scenarios(n_events).items():
            measure(client, make, 3, rng)  # warm-up: caches, prepared statements
            results[name] = measure(client, make, args.requests, rng)
            if not args.json:
                r = results[name]
                print(f"{name:36} p50 {r['p50_ms']:8.1f} ms   p95 {r['p95_ms']:8.1f} ms   max {r['max_ms']:8.1f} ms")
    store.close()
    size_mb = round(args.db.stat().st_size / 1e6, 1)
    if args.json:
        print(json.dumps({"events": n_events, "requests": args.requests, "generated_s": generated_s,
                          "db_mb": size_mb, "endpoints": results}))
    else:
        print(f"{n_events:,} events, {args.requests} requests per endpoint, store {size_mb} MB"
              + (f", generated in {generated_s} s" if not args.reuse else ""))
    if tmp is not None and not args.keep:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
