"""The forms of the web pages that change something: read within bounds, then let through only a writer."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from starlette.datastructures import FormData

PART_SIZE = 1024 * 1024  # starlette's own default for one field


async def writer_form(request: Request, check_writer: Callable[[Request, str | None], None], *, fields: int,
                      part_size: int = PART_SIZE) -> FormData:
    """The form's fields (no files, at most ``fields`` fields of at most ``part_size`` bytes each), once
    ``check_writer`` has allowed the request with the form's token, if it carries one."""
    form = await request.form(max_files=0, max_fields=fields, max_part_size=part_size)
    token = form.get("token")
    check_writer(request, token if isinstance(token, str) else None)
    return form
