"""The static HTML report: ``write_report(store, folder)`` (templates and local assets only)."""

from newsprism.report.build import ReportSummary, write_report

__all__ = ["ReportSummary", "write_report"]
