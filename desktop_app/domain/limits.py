"""What GigDesk accepts from a file: every bound the import edge enforces, in one place.

Each is far above a real order and well inside what the rest of the program can hold:
SQLite's 8-byte integers, the order list's 8-byte arrays, date arithmetic (a due date
plus days must stay a datetime), and a window that starts in well under a second. A
value outside them is refused when it is read, with the field named, so nothing past
the edge has to wonder about it. README.md ("Limits") lists them for sellers.
"""

from __future__ import annotations

# Money, in minor units: a price, extra or refund. A million orders at the limit still
# sum inside a signed 8-byte integer, which is what SQL and the order list add in.
MAX_MINOR = 10**12
MAX_AMOUNT_CHARS = 24  # a decimal string is looked at only if it is this short

# Timestamps: before 1970 no marketplace existed; after 2999 a due date plus an
# extension's days would come near datetime's year 9999.
MIN_YEAR = 1970
MAX_YEAR = 2999

# Whole numbers.
MAX_REVISIONS = 1_000  # revisions_included and revisions_used
MAX_DAYS = 365  # an extension's or an extra's days
MAX_FILE_SIZE = 2**50  # a delivered file, in bytes (a pebibyte)
MAX_HOURS = 1_000  # a revision point's estimate, as the revision dialog allows
MAX_DEVICE_SEQ = 2**63 - 1  # SQLite's largest integer

# Text, in characters. One-line values (buyer, gig, package, a scope item, a file path,
# a point's text) and long ones (notes, messages, revision requests, reasons).
MAX_LINE = 1_000
MAX_TEXT = 100_000
MAX_ID = 64  # an order's, event's, request's or device's id

# Lists: the records one order carries.
MAX_SCOPE_ITEMS = 500
MAX_DELIVERIES = 500
MAX_FILES = 1_000  # per delivery
MAX_REVISION_REQUESTS = 500
MAX_POINTS = 200  # per revision request
MAX_REQUESTS = 500  # resolution requests
MAX_HISTORY = 10_000  # events
