"""How core.prepared compiles a queryset: with markers in place of its values, twice, to
find where each value lands among the SQL's parameters (see core/prepared.py)."""

import operator
import weakref
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db.transaction import TransactionManagementError
from django.utils import translation

# Two sets of markers, each value distinct, within the range of every integer field (a
# value outside a field's range makes Django drop the condition). The query is compiled
# with both: a constant that happens to equal a marker does not change between them, and
# anything that changes but is not a value (a time read while building) is refused. The
# two sets step apart by different amounts, so a value plus a constant (pk + 1) never lands
# on another value's marker in both.
_MARKER_SETS = ((32_767, 1), (30_000, 7))
# What SQLite's integers and PostgreSQL's bigint hold; no row holds a number outside.
_SMALLEST, _LARGEST = -(2**63), 2**63 - 1
_INTS = {int}


def markers_for(shape: tuple, base: int, step: int) -> tuple[list, list[int]]:
    """The arguments for `build` in this shape, and the markers among them in order."""
    arguments, markers = [], []
    for size in shape:
        group = [base - step * (len(markers) + index) for index in range(size or 1)]
        markers.extend(group)
        arguments.append(group[0] if size is None else group)
    return arguments, markers


def is_number(param) -> bool:
    """A whole number, as a parameter: an int, or an int the backend typed (psycopg's Int4)."""
    return isinstance(param, int) and not isinstance(param, bool)


def whole(value) -> int:
    """`value` as a whole number; a TypeError for anything else (a bool, a str, a float)."""
    if isinstance(value, bool):
        raise TypeError("a prepared value is a whole number, not a bool")
    return operator.index(value)


def shape_of(values) -> tuple[tuple | None, list[int]]:
    """The shape of these values (None for a number, the length of a list) and the numbers
    in order. Values are matched by equality, lists by `__in` (every build here does so):
    a number beyond 64 bits is in no row, so it leaves a list (as Django leaves it out) and
    makes a single value match nothing; no shape when nothing can match."""
    shape, flat = [], []
    for value in values:
        if type(value) is int:  # most values: what whole() and _fits() would say, inline
            if not _SMALLEST <= value <= _LARGEST:
                return None, []
            shape.append(None)
            flat.append(value)
            continue
        if isinstance(value, (str, bytes)):
            raise TypeError("a prepared value is a whole number or a list of them")
        if (
            type(value) is list
            and value
            and {*map(type, value)} == _INTS
            and min(value) >= _SMALLEST
            and max(value) <= _LARGEST
        ):
            # Most lists (a page's ids): plain ints that fit, checked with a few calls in C
            # rather than whole() and _fits() per number.
            shape.append(len(value))
            flat.extend(value)
            continue
        if isinstance(value, Sequence | set | frozenset):
            numbers = [number for number in map(whole, value) if _fits(number)]
            if not numbers:
                return None, []
            shape.append(len(numbers))
            flat.extend(numbers)
        else:
            number = whole(value)
            if not _fits(number):
                return None, []
            shape.append(None)
            flat.append(number)
    return tuple(shape), flat


def _fits(number: int) -> bool:
    return _SMALLEST <= number <= _LARGEST


def other_language() -> str:
    """A language of the site's other than the active one (the second compilation's)."""
    active = translation.get_language()
    return next((code for code, _name in settings.LANGUAGES if code != active), active)


class Compiled:
    """One queryset compiled: its SQL, its constant parameters, the slots of the values."""

    def __init__(self, compile_one: Callable, shape: tuple, *, leading: int = 0):
        """`compile_one(arguments)` gives (queryset, compiler); the first `leading`
        parameters of its SQL are set anew on every run (an UPDATE's new values)."""
        compiled = []
        for number, (base, step) in enumerate(_MARKER_SETS):
            arguments, markers = markers_for(shape, base, step)
            language = other_language() if number else translation.get_language()
            with translation.override(language):
                queryset, compiler = compile_one(arguments)
                sql, params = compiler.as_sql()
            compiled.append((queryset, compiler, sql, list(params), markers))
        (queryset, compiler, sql, params, markers), (_, _, other_sql, other_params, others) = (
            compiled
        )
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError(f"a prepared value changed the SQL itself: {sql}")
        # A value's slots: where the parameter is its marker in both compilations. Any
        # other parameter must be the same in both (a constant).
        slots = [[] for _ in markers]
        for index, (one, other) in enumerate(zip(params, other_params, strict=True)):
            if index < leading:
                continue
            pairs = [
                number
                for number, pair in enumerate(zip(markers, others, strict=True))
                if is_number(one) and is_number(other) and (one, other) == pair
            ]
            if pairs:
                slots[pairs[0]].append(index)
            elif one != other:
                raise ValueError(f"a parameter of this SQL is not one of the values: {sql}")
        if not all(slots):
            raise ValueError(f"a prepared value did not reach the SQL as a parameter: {sql}")
        self.queryset = queryset
        self.sql = sql
        # An UPDATE's new values are the first caller's: not kept (each run sets its own).
        self.params = [None] * leading + params[leading:]
        self.slots = slots
        # What running the SQL needs of the compiler (an UPDATE's has none of it).
        self.state = {
            name: getattr(compiler, name, None)
            for name in (
                "select", "klass_info", "annotation_col_map", "col_count", "has_extra_select"
            )
        }  # fmt: skip
        self.for_update = queryset.query.select_for_update
        # The converters of the result's columns and whether any is a composite key's
        # pair, per connection (each thread has its own).
        self.converters = weakref.WeakKeyDictionary()

    def params_with(self, values: list[int], leading: Sequence = ()) -> list:
        """The SQL's parameters with `values` in their slots (and `leading` first)."""
        params = list(self.params)
        params[: len(leading)] = leading
        for slots, value in zip(self.slots, values, strict=True):
            for index in slots:
                # The type the ORM gave the value (psycopg's Int4, Int8 … on PostgreSQL).
                kind = type(self.params[index])
                params[index] = value if kind is int else kind(value)
        return params

    def compiler(self, values: list[int], using: str):
        """A compiler for this thread's connection that runs the SQL with `values`."""
        params = self.params_with(values)
        compiler = self.queryset.query.get_compiler(using=using)
        if self.for_update and compiler.connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        compiler.__dict__.update(self.state)
        compiler.as_sql = lambda *args, **kwargs: (self.sql, params)
        kept = self.converters.get(compiler.connection)
        if kept is None:
            fields = [column[0] for column in compiler.select[: compiler.col_count]]
            # Whether a column is a composite key's pair: Django asks per column each run.
            kept = compiler.get_converters(fields), compiler.has_composite_fields(fields)
            self.converters[compiler.connection] = kept
        converters, composite = kept
        compiler.get_converters = lambda expressions: converters
        compiler.has_composite_fields = lambda expressions: composite
        return compiler
