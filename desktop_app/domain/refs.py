"""The shape of a marketplace order number (`ref`), checked wherever one enters.

A ref is shown to the seller and names the order's folder under the data dir, so it
must never be able to name a path: marketplaces use letters and digits (Fiverr's
`FO5F2A91C3`, Upwork's and Freelancer's numeric ids), some with a dash or an
underscore. A ref that another order holds is kept as `ref~<end of its id>` by sync,
so `~` is allowed after the first character too.
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app.domain.errors import FieldError

MAX_REF_LENGTH = 80
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-~.#]*")


def check_ref(value: Any, field: str = "ref") -> str:
    """`value` if it is a ref GigDesk can hold; FieldError naming `field` if not."""
    if not isinstance(value, str) or not value:
        raise FieldError(field, "must be the marketplace's order number, as text")
    if len(value) > MAX_REF_LENGTH:
        raise FieldError(field, f"is longer than {MAX_REF_LENGTH} characters")
    if not _REF.fullmatch(value) or not value.isascii():
        raise FieldError(field, f"{value[:40]!r} is not an order number: use letters and "
                                "digits (a dash, underscore, dot, # or ~ may follow the "
                                "first one)")
    return value
