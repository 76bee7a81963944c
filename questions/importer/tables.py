"""A table of questions (CSV, XLSX, JSON) imported as one source, through import_source.

Rows are matched by slug within the source being imported: a slug that one of the
source's questions has updates that question; a new slug makes a new question; a slug
that another source's question has is refused (import_source says whose it is).
"""

import csv
import json
import zipfile
from io import BytesIO, StringIO

import tablib
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, JSON, XLSX

from questions.importer.parsing import not_utf8
from questions.importer.sources import ImportedQuestion, ImportRefused, ImportReport, import_source
from questions.limits import IMPORT_MAX_BYTES
from questions.models import Source, Tag
from questions.resources import (
    COLUMNS,
    INFORMATIVE_COLUMNS,
    REQUIRED_COLUMNS,
    CellProblem,
    parse_key_points,
    parse_related,
    parse_tags,
    spreadsheet_read,
)

TABLE_FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}
TEXT_FIELDS = ["title", "answer_md", "supplement_md"]
NUMBER_FIELDS = ["number", "difficulty", "answer_minutes"]


def read_table(raw: bytes, fmt: str) -> tablib.Dataset:
    """The file as a dataset with the expected columns, or ImportRefused saying why not."""
    if len(raw) > IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(len(raw)), "limit": filesizeformat(IMPORT_MAX_BYTES)}
        )
    if fmt == "xlsx":
        dataset = _read_xlsx(raw)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(not_utf8(raw)) from None
        dataset = _read_json(text) if fmt == "json" else _read_csv(text)
    _check_columns(dataset)
    return dataset if fmt == "json" else spreadsheet_read(dataset)


def _read_xlsx(raw: bytes) -> tablib.Dataset:
    if not zipfile.is_zipfile(BytesIO(raw)):
        raise ImportRefused(_("This is not an XLSX workbook (an .xlsx file is a ZIP archive)."))
    try:
        return XLSX().create_dataset(raw)
    except StopIteration:
        raise ImportRefused(_("The workbook's first sheet is empty.")) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused(
            _("The workbook cannot be read (%(error)s).") % {"error": type(error).__name__}
        ) from error


def _read_json(text: str) -> tablib.Dataset:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _("This is not valid JSON (line %(line)d: %(error)s).")
            % {"line": error.lineno, "error": error.msg}
        ) from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ImportRefused(_("The JSON must be a list of objects, one per question."))
    headers = list(dict.fromkeys(key for row in data for key in row))
    dataset = tablib.Dataset(headers=headers)
    for row in data:
        dataset.append([row.get(header, "") for header in headers])
    return dataset


def _read_csv(text: str) -> tablib.Dataset:
    if text.lstrip().startswith("# ") or text.lstrip().startswith("---"):
        raise ImportRefused(
            _(
                "This looks like Markdown (it starts with “%(start)s”); a CSV's first line "
                "names its columns. Choose the Markdown format for a seed-style file."
            )
            % {"start": text.lstrip()[:40]}
        )
    try:
        rows = list(csv.reader(StringIO(text)))
        # tablib pads a short row with empty cells; a shifted row must not import.
        for number, row in enumerate(rows[1:], start=2):
            if row and len(row) != len(rows[0]):
                raise ImportRefused(
                    _(
                        "Row %(row)d has %(cells)d cells but the header has %(columns)d "
                        "columns: a row has more or fewer cells than the header."
                    )
                    % {"row": number, "cells": len(row), "columns": len(rows[0])}
                )
        return CSV().create_dataset(text)
    except (csv.Error, tablib.InvalidDimensions) as error:
        raise ImportRefused(_("This CSV cannot be read (%(error)s).") % {"error": error}) from None


def _check_columns(dataset: tablib.Dataset) -> None:
    headers = [str(header or "").strip() for header in dataset.headers or []]
    dataset.headers = headers
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    unknown = [h for h in headers if h not in COLUMNS and h not in INFORMATIVE_COLUMNS]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
        raise ImportRefused(
            _(
                "The file's columns do not fit (%(problems)s). The first row must name the "
                "columns; the known ones are %(known)s (%(required)s required)."
            )
            % {
                "problems": "; ".join(problems),
                "known": ", ".join(COLUMNS),
                "required": ", ".join(REQUIRED_COLUMNS),
            }
        )
    if not any(_filled(row) for row in dataset.dict):
        raise ImportRefused(_("The file holds no questions: it has a header but no rows."))


def _filled(row: dict) -> bool:
    return any(str(value).strip() for value in row.values() if value is not None)


def _text(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n")


def _whole_number(value) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise CellProblem(_("“%(value)s” is not a whole number.") % {"value": text})


def table_items(dataset: tablib.Dataset, *, fmt: str, slug_keys: dict[str, str]):
    """The rows as import items, and the cells that could not be read by row index."""
    known = {tag.slug: (tag.slug, tag.name_zh, tag.name_en) for tag in Tag.objects.all()}
    first_row = 1 if fmt == "json" else 2  # a spreadsheet's row number, under its header
    items, problems = [], {}
    for index, row in enumerate(dataset.dict):
        if not _filled(row):
            continue
        slug = _text(row.get("slug")).strip()
        item = ImportedQuestion(
            key=slug_keys.get(slug, slug),
            slug=slug,
            title=_text(row.get("title")),
            answer_md=_text(row.get("answer_md")),
            supplement_md=_text(row.get("supplement_md")),
            line=index + first_row,
        )
        cell_problems = []
        if not slug:
            cell_problems.append(("slug", _("The slug is empty.")))
        for name in NUMBER_FIELDS:
            try:
                setattr(item, name, _whole_number(row.get(name)))
            except CellProblem as problem:
                cell_problems.append((name, str(problem)))
        try:
            item.tags = parse_tags(_text(row.get("tags")), known)
        except CellProblem as problem:
            cell_problems.append(("tags", str(problem)))
        try:
            points = parse_key_points(_text(row.get("key_points")))
            item.key_points = points or None
        except CellProblem as problem:
            cell_problems.append(("key_points", str(problem)))
        if "related" in dataset.headers:
            item.related = parse_related(_text(row.get("related")))
        if cell_problems:
            problems[len(items)] = cell_problems
        items.append(item)
    _relate_by_slug(items, problems)
    return items, problems


def _relate_by_slug(items: list[ImportedQuestion], problems: dict) -> None:
    """A row's related cell names slugs of the file; the import relates items by key."""
    keys = {item.slug: item.key for item in items}
    for index, item in enumerate(items):
        if item.related is None:
            continue
        unknown = [slug for slug in item.related if slug not in keys]
        if unknown:
            message = _("related names %(slugs)s, not in this file") % {"slugs": ", ".join(unknown)}
            problems.setdefault(index, []).append(("related", message))
        item.related = [keys[slug] for slug in item.related if slug in keys]


def import_table(
    raw: bytes, *, fmt: str, key: str, name: str, dry_run: bool, prepare=None
) -> ImportReport:
    """Import the table as the source `key`; raises ImportRefused, writing nothing.
    `prepare` may rewrite the items first (their images: questions.importer.images)."""
    dataset = read_table(raw, fmt)
    source = Source.objects.filter(key=key).first()
    slug_keys = dict(source.questions.values_list("slug", "origin_key")) if source else {}
    items, cell_problems = table_items(dataset, fmt=fmt, slug_keys=slug_keys)
    if prepare is not None:
        prepare(items)
    kind = source.kind if source else Source.Kind.TABLE
    try:
        report = import_source(
            key=key, name=name, kind=kind, items=items, dry_run=dry_run or bool(cell_problems)
        )
    except ImportRefused as refused:
        if refused.report is None or not refused.report.rows:
            raise
        report = refused.report
    for index, problems in cell_problems.items():
        row = report.rows[index]
        row.status = "error"
        fields = {field for field, _message in problems}
        # An empty slug is one problem, however many checks it fails.
        earlier = [] if "slug" in fields else [row.message]
        row.fields = sorted(fields | set(row.fields) if earlier else fields)
        row.message = " ".join([*(message for _field, message in problems), *earlier]).strip()
    for row in report.rows:  # a table's key is its slug
        row.fields = sorted({"slug" if field == "key" else field for field in row.fields})
    errors = report.errors
    if errors:
        report.created, report.updated, report.unchanged = [], [], []
        raise ImportRefused(
            _("%(count)d of %(total)d rows have problems, so nothing was imported.")
            % {"count": len(errors), "total": len(report.rows)},
            report,
        )
    return report
