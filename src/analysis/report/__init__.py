"""The report: run every notebook with Papermill and publish ``reports/<run-id>/`` atomically."""

from analysis.report.runner import main

__all__ = ["main"]
