"""English: months capitalised ("1 Oct 2025")."""

COMPACT_DATE_FORMAT = "j M Y"
COMPACT_DATETIME_FORMAT = "j M Y, H:i"
COMPACT_MONTH_FORMAT = "M Y"
