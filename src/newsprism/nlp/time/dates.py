"""Calendar arithmetic on dates: months, ISO weeks, quarters, a date moved by some units."""

from __future__ import annotations

from datetime import date, timedelta


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _last_completed_quarter(d: date) -> tuple[int, int]:
    year, q = _quarter(d)
    return (year - 1, 4) if q == 1 else (year, q - 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift(d: date, unit: str, n: int) -> tuple[str, str]:
    """``d`` moved by ``n`` units, as a (value, granularity) at that unit's precision."""
    if unit in ("second", "minute", "hour", "day"):
        return (d + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _week(d + timedelta(weeks=n)), "week"
    if unit == "fortnight":
        return _week(d + timedelta(weeks=2 * n)), "week"
    if unit == "month":
        year, month = _add_months(d, n)
        return f"{year}-{month:02d}", "month"
    if unit == "quarter":
        year, month = _add_months(d, 3 * n)
        return f"{year}-Q{(month - 1) // 3 + 1}", "quarter"
    if unit == "decade":
        return str((d.year + 10 * n) // 10), "decade"
    if unit in ("century", "centurie"):
        return str((d.year + 100 * n) // 100), "century"
    return str(d.year + n), "year"
