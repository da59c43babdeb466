"""frontlines: conflict news in, ACLED-style coded events out, each traced to its sentence.

The Python API lives in `frontlines.api`; the stages in `frontlines.ingest`, `.nlp`, `.knowledge`,
`.geo`, `.store`, `.derive`, `.export`, `.evaluate`.
"""
__version__ = "0.1.0"
