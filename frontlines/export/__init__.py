"""export stage: ACLED CSV, JSONL, GeoJSON, Parquet; relations and control JSONL."""
from frontlines.export.acled import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    OWN_COLUMNS,
    CountryInfo,
    acled_row,
    country_info,
    disorder_type,
)
from frontlines.export.writers import (
    FORMATS,
    ExportResult,
    control_contract,
    event_line,
    relation_contract,
    write_control,
    write_events,
    write_relations,
)

__all__ = [
    "ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "OWN_COLUMNS", "CountryInfo", "ExportResult",
    "acled_row", "control_contract", "country_info", "disorder_type", "event_line",
    "relation_contract", "write_control", "write_events", "write_relations",
]
