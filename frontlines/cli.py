"""The `frontlines` command line (Typer + Rich)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import contextmanager
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


def _coder(model: Optional[Path]) -> Any:
    """The shipped coder, with the trained sub-type model when one is named (loaded once)."""
    from frontlines import api
    from frontlines.nlp.classifier import ModelError

    if model is None:
        return api.default_coder()
    try:
        coder = api.default_coder(model=model)
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


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, http(s) URLs or RSS/Atom feeds")],
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Read documents, code their events and keep both in the store."""
    from frontlines import api
    from frontlines.store import Store

    store = Store.open(db)
    with err.status("loading the coder (spaCy, gazetteer, actor dictionary)…"):
        coder = _coder(model)
    counts: Counter[str] = Counter()
    with _progress() as progress:
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
    app_ = create_app(store, coder_factory=lambda: _coder(model), token=token,
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
        write_events(store.iter_events(), format, fh)
    store.close()


@export_app.command("relations")
def export_relations(
    out: Annotated[Optional[Path], typer.Option("--out", "-o")] = None,
    db: DbOption = None,
) -> None:
    """Alliance / hostility / membership edges between actors (JSONL)."""
    from frontlines.derive import derive_relations
    from frontlines.export import write_relations
    from frontlines.knowledge.actors import load_actor_dictionary
    from frontlines.store import Store

    store = Store.open(db)
    dictionary = load_actor_dictionary()
    relations = derive_relations(store.iter_events(), affiliations=dictionary.affiliations_of)
    with _output(out) as fh:
        write_relations(relations, fh)
    store.close()


@export_app.command("control")
def export_control(
    out: Annotated[Optional[Path], typer.Option("--out", "-o")] = None,
    db: DbOption = None,
) -> None:
    """Territorial control facts per place (JSONL)."""
    from frontlines.derive import derive_control
    from frontlines.export import write_control
    from frontlines.store import Store

    store = Store.open(db)
    with _output(out) as fh:
        write_control(derive_control(store.iter_events()), fh)
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


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
