"""Topic measures and computed sentences: patents, R&D, AI, bilateral ties, claims, overview.

Each topic turns processed tables into comparison tables and sentences. A topic imports the
data layer and the shared helpers here (:mod:`compare`, :mod:`text`), never another topic's
internals, and never the figures or the report.
"""
