"""Raw data to processed tables: the source registry, fetch, readers, schema and the cache.

Nothing here knows about topics, figures or the report. It may import only the package's
foundation modules (:mod:`analysis.paths`, :mod:`analysis.errors`, :mod:`analysis.atomic`).
"""
