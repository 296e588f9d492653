"""Date windows of the sandbox data and the $filter text that bounds them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sandbox_process import END_DATE

ONE_SECOND = datetime.timedelta(seconds=1)


@dataclass(frozen=True)
class Window:
    """A closed range of Call_Date_Time, as the tap requests it (ge/le)."""

    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def last_days(cls, days: int, end_date: str = END_DATE) -> Window:
        """Return the `days` whole UTC days before `end_date` (YYYY-MM-DD)."""
        end = datetime.datetime.fromisoformat(end_date).replace(
            tzinfo=datetime.timezone.utc
        )
        return cls(end - datetime.timedelta(days=days), end - ONE_SECOND)

    @property
    def start_text(self) -> str:
        """The start as ISO-8601 UTC text."""
        return _text(self.start)

    @property
    def end_text(self) -> str:
        """The end as ISO-8601 UTC text."""
        return _text(self.end)

    def filter_text(self, date_property: str = "Call_Date_Time") -> str:
        """Return the OData $filter of the window."""
        return (
            f"{date_property} ge {self.start_text} and "
            f"{date_property} le {self.end_text}"
        )

    def utc_days(self) -> int:
        """Count the UTC calendar days the window touches."""
        return (self.end.date() - self.start.date()).days + 1


def _text(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
