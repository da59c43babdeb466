"""The `frontlines` command line (Typer + Rich)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import contextmanager
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


app = typer.Typer(help="frontlines: conflict news in, ACLED-style coded events out.", no_args_is_help=True,
                  pretty_exceptions_show_locals=False)
export_app = typer.Typer(help="Export coded events, relations and territorial control.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="The offline gazetteer and optional full GeoNames dumps.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(gazetteer_app, name="gazetteer")

err = Console(stderr=True)

DbOption = Annotated[Optional[str], typer.Option(
    "--db", help="SQLAlchemy URL of the store (default: $FRONTLINES_DB or sqlite:///frontlines.db)")]
ModelOption = Annotated[Optional[Path], typer.Option(
    "--model", envvar="FRONTLINES_MODEL",
    help="a sub-type model folder written by `frontlines train` (default: $FRONTLINES_MODEL; none: as shipped)")]


def _coder(model: Optional[Path], overrides: Any = None) -> Any:
    """The shipped coder, with the trained sub-type model when one is named (loaded once) and
    the analyst's alias and place fixes when there are any (`Store.coding_overrides()`)."""
    from frontlines import api
    from frontlines.nlp.classifier import ModelError

    fixes = {"overrides": overrides} if overrides else {}
    if model is None:
        return api.default_coder(**fixes)
    try:
        coder = api.default_coder(model=model, **fixes)
    except ModelError as exc:
        raise typer.BadParameter(str(exc), param_hint="--model") from exc
    err.print(f"using the sub-type model in {model} (threshold {coder.classifier.meta.threshold})")
    return coder


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


@contextmanager
def _output(path: Optional[Path], binary: bool = False) -> Iterator[Any]:
    if path is None or str(path) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    with open(path, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
        yield fh


# ---------------------------------------------------------------- ingest


class Engine(str, Enum):
    """Where `ingest` codes: in this process, or on a Dask cluster (`frontlines.nlp.distributed`)."""

    single = "single"
    dask = "dask"


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, http(s) URLs or RSS/Atom feeds")],
    db: DbOption = None,
    model: ModelOption = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="single: code in this process; dask: on a Dask cluster (pip install 'frontlines\\[dask]')",
    )] = Engine.single,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="with --engine dask: an existing cluster's scheduler (tcp://host:8786); default: a local cluster")] = None,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="with --engine dask: worker processes of the local cluster (default: one per CPU)")] = None,
) -> None:
    """Read documents, code their events and keep both in the store."""
    from frontlines import api
    from frontlines.store import Store

    store = Store.open(db)
    counts: Counter[str] = Counter()
    with _ingest_coder(engine, model, store.coding_overrides(), scheduler, workers) as coder, _progress() as progress:
        task = progress.add_task("ingesting", total=None)

        def on_document(status: str, origin: str) -> None:
            counts[status] += 1
            progress.update(task, advance=1,
                            description=f"ingested {counts['ingested']} · duplicates {counts['duplicates'] + counts['duplicate']} · failed {counts['failed']}")

        summary = api.ingest(inputs, store=store, coder=coder, on_document=on_document)
    for failure in summary.failures:
        err.print(f"[yellow]skipped[/] {failure.origin}: {failure.reason}")
    table = Table(title="ingest")
    for column in ("ingested", "duplicates", "failed", "events coded"):
        table.add_column(column, justify="right")
    table.add_row(str(summary.ingested), str(summary.duplicates), str(summary.failed), str(summary.events))
    Console().print(table)
    _print_store_summary(store)
    store.close()


@contextmanager
def _ingest_coder(engine: Engine, model: Optional[Path], overrides: Any, scheduler: Optional[str],
                  workers: Optional[int]) -> Iterator[Any]:
    """The coder `ingest` codes with: this process's, or one on a Dask cluster that builds the
    same coder once per worker (a local cluster of WORKERS processes unless SCHEDULER names one)."""
    if engine == Engine.single and (scheduler or workers):
        raise typer.BadParameter("--scheduler and --workers go with --engine dask", param_hint="--engine")
    if engine == Engine.single:
        with err.status("loading the coder (spaCy, gazetteer, actor dictionary)…"):
            coder = _coder(model, overrides)
        yield coder  # the status line is gone before the progress bar starts (one live display)
        return
    try:
        from frontlines.nlp.distributed import CoderSpec, DaskCoder, dask_client
    except ImportError as exc:
        raise typer.BadParameter("the Dask engine needs the dask extra: pip install 'frontlines[dask]'",
                                 param_hint="--engine") from exc
    if model is not None:  # a bad model folder is refused here, not on every worker
        from frontlines import api
        from frontlines.nlp.classifier import ModelError

        try:
            api.load_model(model)
        except ModelError as exc:
            raise typer.BadParameter(str(exc), param_hint="--model") from exc
    spec = CoderSpec(model=str(model.resolve()) if model else None, overrides=overrides)
    with dask_client(scheduler, workers) as client:
        with err.status(f"loading the coder on {len(client.scheduler_info(n_workers=-1)['workers'])} Dask workers…"):
            dask_coder = DaskCoder(client, spec)
            dask_coder.start()
        try:
            yield dask_coder
        finally:
            dask_coder.close()


@app.command()
def recode(
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Code every stored article again (new coder, model or fixes): events keep their ids,
    nothing is duplicated, analyst corrections stay."""
    from frontlines import api
    from frontlines.store import Store

    store = Store.open(db)
    with err.status("loading the coder (spaCy, gazetteer, actor dictionary)…"):
        coder = _coder(model, store.coding_overrides())
    total = len(store.article_ids())
    with _progress() as progress:
        task = progress.add_task("re-coding", total=total)
        summary = api.recode(store, coder, on_document=lambda status, origin: progress.advance(task))
    Console().print(f"re-coded {summary.articles} articles ({summary.mentions} coded events): "
                    f"{summary.events_before} events before, {summary.events_after} after")
    store.close()


@app.command()
def summary(db: DbOption = None) -> None:
    """What the store holds: articles, events by type, actors, places."""
    from frontlines.store import Store

    store = Store.open(db)
    _print_store_summary(store)
    store.close()


def _print_store_summary(store: Any, recent: int = 25) -> None:
    console = Console(width=max(Console().width, 140))
    counts = store.counts()
    console.print(f"store: {counts.get('articles', 0)} articles, {counts.get('events', 0)} events, "
                  f"{counts.get('failures', 0)} failed documents")
    totals = store.event_type_totals()
    if not totals:
        return
    table = Table(title="events by type")
    table.add_column("event type")
    table.add_column("sub-event type")
    table.add_column("events", justify="right")
    table.add_column("fatalities", justify="right")
    for etype, sub, n, deaths in totals:
        table.add_row(etype, sub, str(n), str(deaths))
    console.print(table)
    listing = Table(title=f"coded events (first {recent} by date)")
    for column in ("date", "sub-event type", "actor1", "actor2", "location", "country", "deaths"):
        listing.add_column(column)
    for e in islice(store.iter_events(), recent):
        listing.add_row(e.event_date or "", e.sub_event_type, e.actor1 or "", e.actor2 or "",
                        e.location or "", e.country or "", str(e.fatalities))
    console.print(listing)


# ---------------------------------------------------------------- serve


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on (0.0.0.0: every interface)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[Optional[str], typer.Option(
        "--token", envvar="FRONTLINES_TOKEN",
        help="bearer token that enables ingest and corrections over HTTP (default: $FRONTLINES_TOKEN; none: read-only)")] = None,
    allow_private_urls: Annotated[bool, typer.Option(
        help="let URL ingest fetch loopback/private/link-local addresses (off: refused, against SSRF)")] = False,
    model: ModelOption = None,
    tiles: Annotated[Optional[str], typer.Option(
        envvar="FRONTLINES_TILES",
        help="map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, for users with "
             "internet (default: $FRONTLINES_TILES; none: the vendored country outlines only)")] = None,
) -> None:
    """Serve the dashboard and the HTTP API (OpenAPI at /openapi.json, docs at /docs) over the store."""
    import uvicorn

    from frontlines.store import Store
    from frontlines.web import create_app
    from frontlines.web.pages import DashboardSettings, configure_dashboard

    store = Store.open(db)
    app_ = create_app(store, coder_factory=lambda: _coder(model, store.coding_overrides()), token=token,
                      allow_private_urls=allow_private_urls)
    configure_dashboard(app_, DashboardSettings(tiles=tiles))
    err.print(f"serving {store.engine.url.render_as_string(hide_password=True)} on http://{host}:{port} "
              f"(writes {'enabled with the token' if token else 'disabled: no --token'})")
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"dashboard: http://{shown_host}:{port}/", flush=True)
    try:
        uvicorn.run(app_, host=host, port=port, log_level="info")
    finally:
        store.close()


# ---------------------------------------------------------------- code (stateless)


def _code_lines(files: list[str], coder: Any, batch_size: int) -> Iterator[dict[str, Any]]:
    """One contract line per input document, in input order; a document that cannot be read
    still gets its line (no events, and an "error" saying why)."""
    from frontlines.ingest import IngestLimits, read_sources
    from frontlines.records import IngestFailure

    chunk: list[Any] = []

    def flush() -> Iterator[dict[str, Any]]:
        articles = [item for item in chunk if not isinstance(item, IngestFailure)]
        coded = iter(coder.code_many(articles, batch_size=batch_size))
        for item in chunk:
            if isinstance(item, IngestFailure):
                err.print(f"[yellow]not coded[/] {item.origin}: {item.reason}")
                yield {"id": item.origin, "published": None, "events": [], "places": [], "error": item.reason}
            else:
                yield next(coded).to_contract()
        chunk.clear()

    # `code` is a filter over the caller's documents: short texts are coded, not rejected.
    for item in read_sources(files or ["-"], limits=IngestLimits(min_text_chars=1)):
        if not isinstance(item, IngestFailure) and item.doc_id is None:
            item.doc_id = item.origin
        chunk.append(item)
        if len(chunk) >= batch_size:
            yield from flush()
    yield from flush()


@app.command()
def code(
    files: Annotated[Optional[list[str]], typer.Argument(help="JSONL, text or HTML files; stdin JSONL when none")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="output JSONL (default stdout)")] = None,
    batch_size: int = 32,
    model: ModelOption = None,
) -> None:
    """Stateless coder: one JSONL line per input document, in input order."""
    coder = _coder(model)
    with _output(out) as fh:
        for line in _code_lines(files or [], coder, batch_size):
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- export


FORMATS = ("csv", "jsonl", "geojson", "parquet")


@export_app.command("events")
def export_events(
    format: Annotated[str, typer.Option("--format", "-f", help="csv | jsonl | geojson | parquet")] = "csv",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="output file (default stdout)")] = None,
    db: DbOption = None,
    include_false: Annotated[bool, typer.Option(
        "--include-false", help="also the events an analyst marked false")] = False,
) -> None:
    """Coded events: ACLED's 31 columns then frontlines' own (CSV), or JSONL, GeoJSON, Parquet."""
    from frontlines.export import write_events
    from frontlines.store import Store

    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}", param_hint="--format")
    if format == "parquet" and out is None:
        raise typer.BadParameter("parquet needs --out FILE", param_hint="--out")
    store = Store.open(db)
    with _output(out, binary=format == "parquet") as fh:
        write_events(store.iter_events(include_false=include_false), format, fh)
    store.close()


AsOfOption = Annotated[Optional[str], typer.Option(
    "--as-of", help="YYYY-MM-DD: only what held on that day")]


def _as_of(value: Optional[str]) -> Optional[str]:
    from frontlines.api import as_date

    try:
        day = as_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from exc
    return day.isoformat() if day else None


@export_app.command("relations")
def export_relations(
    out: Annotated[Optional[Path], typer.Option("--out", "-o")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Alliance / hostility / membership edges between actors, one line per period (JSONL)."""
    from frontlines import api
    from frontlines.export import write_relations
    from frontlines.store import Store

    day = _as_of(as_of)
    store = Store.open(db)
    relations = api.relations(store, as_of=day)
    with _output(out) as fh:
        write_relations(relations, fh)
    store.close()


@export_app.command("control")
def export_control(
    out: Annotated[Optional[Path], typer.Option("--out", "-o")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Territorial control facts per place over time (JSONL)."""
    from frontlines import api
    from frontlines.export import write_control
    from frontlines.store import Store

    day = _as_of(as_of)
    store = Store.open(db)
    facts = api.control(store, as_of=day)
    with _output(out) as fh:
        write_control(facts, fh)
    store.close()


# ---------------------------------------------------------------- eval


@app.command("eval")
def evaluate(
    kind: Annotated[str, typer.Argument(help="acled | ucdp | case | geoparse | fakes")],
    path: Annotated[str, typer.Argument(help="gold file (geoparse: comma-separated XML files)")],
    limit: Annotated[int, typer.Option(help="only the first N documents")] = 0,
    coded_out: Annotated[Optional[Path], typer.Option("--coded-out", help="also write the coded JSONL here")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the metrics as one JSON line")] = False,
    model: ModelOption = None,
) -> None:
    """Code an evaluation set written by others and print the metrics (as the reference scorer does)."""
    from frontlines.evaluate import EvalDataError, run_evaluation

    try:
        from frontlines.evaluate.datasets import load_eval_set

        evalset = load_eval_set(kind, path, limit)
    except EvalDataError as exc:
        raise typer.BadParameter(str(exc)) from exc
    coder = _coder(model)
    with _progress() as progress:
        task = progress.add_task(f"coding {kind}", total=len(evalset.documents))
        metrics, coded = run_evaluation(evalset, coder, on_document=lambda: progress.advance(task))
    if coded_out:
        with open(coded_out, "w", encoding="utf-8") as fh:
            for line in coded.values():
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    if as_json:
        print(json.dumps(metrics))
        return
    _print_metrics(kind, metrics)


def _print_metrics(kind: str, metrics: dict[str, Any]) -> None:
    table = Table(title=f"frontlines eval {kind}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    nested = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            nested[key] = value
        else:
            table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    console = Console()
    console.print(table)
    for key, values in nested.items():
        sub = Table(title=key)
        sub.add_column("class")
        sub.add_column("F1", justify="right")
        for label, value in values.items():
            sub.add_row(label, f"{value:.4f}")
        console.print(sub)


# ---------------------------------------------------------------- train


@app.command()
def train(
    kind: Annotated[str, typer.Argument(help="acled (an ACLED export CSV) | jsonl ({text, sub_event_type} a line)")],
    path: Annotated[Path, typer.Argument(help="the coded data")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="write the trained model to this folder")] = None,
    cv: Annotated[int, typer.Option("--cv", help="K-fold cross-validation: scores as shipped vs with the model")] = 0,
    coded: Annotated[Optional[Path], typer.Option(
        "--coded", help="JSONL cache of the shipped coder's output for these texts (read, and completed)")] = None,
    epochs: Annotated[int, typer.Option(help="training passes over the data")] = 8,
    seed: Annotated[int, typer.Option(help="random seed (folds, shuffling, initialisation)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print the cross-validation report as JSON")] = False,
) -> None:
    """Fit the learned sub-event-type classifier to your coded data (and/or cross-validate it)."""
    from frontlines import api
    from frontlines.evaluate import crossval
    from frontlines.knowledge.taxonomy import load_taxonomy
    from frontlines.nlp.pipeline import CODER_VERSION

    if out is None and not cv:
        raise typer.BadParameter("give --out MODEL_DIR, --cv K, or both")
    taxonomy = load_taxonomy()
    try:
        ts = crossval.load_training_set(kind, path, taxonomy)
        if cv:
            crossval.folds_of(ts.ids, cv, seed)  # a bad K fails before the slow coding
    except crossval.TrainDataError as exc:
        raise typer.BadParameter(str(exc)) from exc
    with _progress() as progress:
        task = progress.add_task("coding the training texts (shipped coder)", total=len(ts.documents))
        lines = crossval.code_training_set(ts, api.default_coder, coded, on_document=lambda: progress.advance(task))
    if cv:
        report = crossval.cross_validate(
            ts, lines, taxonomy, k=cv, coder_version=CODER_VERSION, epochs=epochs, seed=seed,
            on_fold=lambda f: err.print(f"fold {f['fold']}/{cv}: sub_event_type {f['shipped']['sub_event_type']:.4f}"
                                        f" → {f['trained']['sub_event_type']:.4f} (threshold {f['threshold']})"))
        if as_json:
            print(json.dumps(report.to_dict()))
        else:
            _print_cv(report)
    if out is not None:
        model = crossval.train_on(ts, lines, coder_version=CODER_VERSION, epochs=epochs, seed=seed)
        model.save(out)
        err.print(f"wrote {out} ({model.meta.n_examples} examples, {len(model.meta.labels)} sub-types, "
                  f"override threshold {model.meta.threshold}); use it with --model {out}")


def _print_cv(report: Any) -> None:
    from frontlines.evaluate.crossval import CV_METRICS

    table = Table(title=f"{report.k}-fold cross-validation: as shipped → with the trained model")
    table.add_column("fold")
    table.add_column("n", justify="right")
    table.add_column("threshold", justify="right")
    for m in CV_METRICS:
        table.add_column(m, justify="right")
    rows = [(str(f["fold"]), str(f["n"]), str(f["threshold"]), f["shipped"], f["trained"]) for f in report.folds]
    mean = report.mean()
    rows.append(("mean", str(sum(f["n"] for f in report.folds)), "", mean["shipped"], mean["trained"]))
    for fold, n, threshold, shipped, trained in rows:
        table.add_row(fold, n, threshold, *(f"{shipped[m]:.4f} → {trained[m]:.4f}" for m in CV_METRICS))
    Console(width=max(Console().width, 160)).print(table)


# ---------------------------------------------------------------- gazetteer


@gazetteer_app.command("download")
def gazetteer_download(
    dest: Annotated[Path, typer.Argument(help="folder for the GeoNames dump files")],
    files: Annotated[Optional[list[str]], typer.Option("--file", help="dump file names (default: cities15000 + admin codes)")] = None,
    base_url: Annotated[Optional[str], typer.Option(help="mirror of the GeoNames export folder")] = None,
) -> None:
    """Download full GeoNames dumps (needs internet) to widen the shipped gazetteer."""
    from frontlines.geo import download

    kwargs: dict[str, Any] = {}
    if files:
        kwargs["files"] = tuple(files)
    if base_url:
        kwargs["base_url"] = base_url
    written = download.download_geonames(dest, **kwargs)
    for path in written:
        Console().print(f"wrote {path}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str,
    country: Annotated[Optional[str], typer.Option(help="country context")] = None,
) -> None:
    """Resolve one place name as the coder would."""
    from frontlines.geo import Gazetteer

    place = Gazetteer.load().resolve(name, country=country)
    if place is None:
        err.print(f"no place found for {name!r}")
        raise typer.Exit(1)
    Console().print_json(json.dumps(place.__dict__, default=str))


# ---------------------------------------------------------------- correct (analyst corrections)


correct_app = typer.Typer(
    help="Analyst corrections, kept with who/when/why: they survive re-coding, and alias/place "
         "fixes change later coding.", no_args_is_help=True)
app.add_typer(correct_app, name="correct")

ByOption = Annotated[str, typer.Option("--by", envvar="FRONTLINES_ANALYST",
                                       help="who makes the correction (default: $FRONTLINES_ANALYST)")]
WhyOption = Annotated[str, typer.Option("--why", help="why: the source or reasoning, kept with the correction")]


@contextmanager
def _correcting(db: Optional[str]) -> Iterator[Any]:
    """The store, closed afterwards; a rejected correction is an error message and exit code 1."""
    from frontlines.store import Store
    from frontlines.store.corrections import CorrectionError

    store = Store.open(db)
    try:
        yield store
    except CorrectionError as exc:
        err.print(f"[red]not corrected[/]: {exc}")
        raise typer.Exit(1) from exc
    finally:
        store.close()


def _done(correction: Any, note: str = "") -> None:
    Console().print(f"correction {correction.id}: {correction.describe()} "
                    f"(by {correction.author}: {correction.reason})" + (f"\n{note}" if note else ""))


@correct_app.command("set")
def correct_set(
    event_id: str, field: str, value: str, by: ByOption, why: WhyOption, db: DbOption = None,
) -> None:
    """Set one field of an event (an empty VALUE clears an optional field such as actor2)."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.correct_event(store, event_id, field, value, author=by, reason=why))


@correct_app.command("false")
def correct_false(event_id: str, by: ByOption, why: WhyOption, db: DbOption = None) -> None:
    """Mark an event as false (it did not happen): its status becomes "false"."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.mark_false(store, event_id, author=by, reason=why))


@correct_app.command("merge")
def correct_merge(target_id: str, other_ids: Annotated[list[str], typer.Argument(help="events to fold into TARGET_ID")],
                  by: ByOption, why: WhyOption, db: DbOption = None) -> None:
    """Merge events that report one real event: OTHER_IDS fold into TARGET_ID with their reports."""
    from frontlines import api

    with _correcting(db) as store:
        kept = api.merge_events(store, target_id, other_ids, author=by, reason=why)
        Console().print(f"merged {', '.join(other_ids)} into {kept} (by {by}: {why})")


@correct_app.command("split")
def correct_split(event_id: str, mention_ids: Annotated[list[str], typer.Argument(help="mentions to move to a new event")],
                  by: ByOption, why: WhyOption, db: DbOption = None) -> None:
    """Split an event: MENTION_IDS (one article's coding each) move to a new event."""
    from frontlines import api

    with _correcting(db) as store:
        new_id = api.split_event(store, event_id, mention_ids, author=by, reason=why)
        Console().print(f"split {', '.join(mention_ids)} off {event_id} into {new_id} (by {by}: {why})")


@correct_app.command("restore")
def correct_restore(event_id: str, by: ByOption, why: WhyOption, db: DbOption = None) -> None:
    """Restore an event marked false."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.restore_event(store, event_id, author=by, reason=why))


@correct_app.command("undo")
def correct_undo(correction_id: int, by: ByOption, why: WhyOption, db: DbOption = None) -> None:
    """Withdraw a correction (it stays on record, inactive)."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.undo_correction(store, correction_id, author=by, reason=why))


_LATER = "applies to coding from now on; re-code stored articles to apply it to their events"


@correct_app.command("alias")
def correct_alias(
    alias: str,
    actor: Annotated[str, typer.Argument(help="the canonical actor, as ACLED names it")],
    by: ByOption, why: WhyOption,
    inter: Annotated[Optional[int], typer.Option(help="ACLED inter code of an actor the dictionary lacks")] = None,
    kind: Annotated[Optional[str], typer.Option(help="its kind (default: from the inter code)")] = None,
    db: DbOption = None,
) -> None:
    """ALIAS names ACTOR ("Daesh fighters" -> "Islamic State (Syria)") in later coding."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.fix_actor_alias(store, alias, actor, author=by, reason=why, inter=inter, kind=kind), _LATER)


@correct_app.command("place")
def correct_place(
    name: Annotated[str, typer.Argument(help="the place name as texts write it")],
    lat: Annotated[float, typer.Option("--lat", help="latitude")],
    lon: Annotated[float, typer.Option("--lon", help="longitude")],
    by: ByOption, why: WhyOption,
    country: Annotated[Optional[str], typer.Option(help="country (default: from the point)")] = None,
    admin1: Annotated[Optional[str], typer.Option(help="admin1 (default: from the point)")] = None,
    precision: Annotated[int, typer.Option(help="ACLED geo precision: 1 town, 2 area, 3 province")] = 1,
    db: DbOption = None,
) -> None:
    """NAME means the point (--lat, --lon) in later coding."""
    from frontlines import api

    with _correcting(db) as store:
        _done(api.fix_place(store, name, lat, lon, author=by, reason=why, country=country,
                            admin1=admin1, precision=precision), _LATER)


@correct_app.command("list")
def correct_list(
    event: Annotated[Optional[str], typer.Option("--event", help="only this event's (or actor's, place's)")] = None,
    active: Annotated[bool, typer.Option("--active", help="only corrections still in force")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSONL, one correction a line")] = False,
    db: DbOption = None,
) -> None:
    """The corrections made, oldest first."""
    from dataclasses import asdict

    from frontlines import api

    with _correcting(db) as store:
        found = api.list_corrections(store, target_id=event, active_only=active)
    if as_json:
        for c in found:
            print(json.dumps(asdict(c), default=str, ensure_ascii=False))
        return
    table = Table(title=f"corrections ({len(found)})")
    for column in ("id", "when", "by", "target", "what", "why", "active"):
        table.add_column(column)
    for c in found:
        table.add_row(str(c.id), c.at.strftime("%Y-%m-%d %H:%M"), c.author, c.target, c.describe(),
                      c.reason, "yes" if c.active else "no")
    Console(width=max(Console().width, 160)).print(table)


# ---------------------------------------------------------------- db (schema and moving stores)


db_app = typer.Typer(help="The store's database: migrate its schema, copy it to another database.",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


def _shown(url: str) -> str:
    """A URL fit to print: its password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("migrate")
def db_migrate(db: DbOption = None) -> None:
    """Bring the store's schema to the newest revision (every command also does this on open)."""
    from frontlines.store import default_url, make_engine, migrate
    from frontlines.store.migrate import current_revision

    url = db or default_url()
    engine = make_engine(url)
    try:
        migrate(engine)
        err.print(f"{_shown(url)}: schema at revision {current_revision(engine)}")
    finally:
        engine.dispose()


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Argument(help="URL of the store to copy (e.g. sqlite:///frontlines.db)")],
    target: Annotated[str, typer.Argument(help="URL of an empty database (e.g. postgresql://user@host/frontlines)")],
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="rows per insert")] = 1000,
) -> None:
    """Copy a whole store into an empty database without loss: every table, the same ids."""
    from sqlalchemy.engine import make_url

    from frontlines.store import make_engine
    from frontlines.store.copy import CopyError, copy_store

    parsed = make_url(source)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        err.print(f"[red]no store at {source}[/red]")  # opening it would create an empty one
        raise typer.Exit(1)
    src, dst = make_engine(source), make_engine(target)
    try:
        report = copy_store(src, dst, batch_size=batch_size)
    except CopyError as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1)
    finally:
        src.dispose()
        dst.dispose()
    for table, n in report.rows.items():
        err.print(f"{table:>16}  {n}")
    err.print(f"copied {report.total} rows from {_shown(source)} to {_shown(target)}")


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
