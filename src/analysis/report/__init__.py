"""The report: run every notebook with Papermill and publish ``reports/<run-id>/`` atomically.

Entry point: :func:`analysis.report.runner.main` (``analysis report``). Nothing is imported here,
so that a notebook's cache key (which follows imports) does not pull in the whole package.
"""
