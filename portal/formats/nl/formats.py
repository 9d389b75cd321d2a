"""Dutch: month names and their abbreviations in lower case ("1 okt 2025")."""

COMPACT_DATE_FORMAT = "j b Y"  # 1 okt 2025: tables, lists, where space is short
COMPACT_DATETIME_FORMAT = "j b Y, H:i"  # 1 okt 2025, 14:30
COMPACT_MONTH_FORMAT = "b Y"  # okt 2025: month labels of charts and tables
