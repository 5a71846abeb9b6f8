"""A small OData `$filter` evaluator for the fake Graph: the subset list queries use.

Supports `eq ne lt le gt ge`, `and`, `or`, `not`, parentheses, `startswith(path,'x')`, string
literals in single quotes ('' escapes a quote), numbers, true/false/null; paths such as
`fields/Status`, `id`, `displayName`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_TOKEN = re.compile(r"\s*(?:(\()|(\))|(,)|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)(?![\w/])|([A-Za-z_@][\w/.@]*))")
_OPS = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
    "lt": lambda a, b: a is not None and b is not None and a < b,
    "le": lambda a, b: a is not None and b is not None and a <= b,
    "gt": lambda a, b: a is not None and b is not None and a > b,
    "ge": lambda a, b: a is not None and b is not None and a >= b,
}

Getter = Callable[[str], Any]
Predicate = Callable[[Getter], bool]


class FilterError(ValueError):
    pass


class _Lit:
    def __init__(self, value: Any) -> None:
        self.value = value


def _tokens(text: str) -> list[Any]:
    out: list[Any] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise FilterError(f"Invalid filter clause near '{text[pos:pos + 20]}'")
        lpar, rpar, comma, string, number, word = match.groups()
        if lpar:
            out.append("(")
        elif rpar:
            out.append(")")
        elif comma:
            out.append(",")
        elif string is not None:
            out.append(_Lit(string.replace("''", "'")))
        elif number is not None:
            out.append(_Lit(float(number) if "." in number else int(number)))
        elif word in ("true", "false"):
            out.append(_Lit(word == "true"))
        elif word == "null":
            out.append(_Lit(None))
        else:
            out.append(word)
        pos = match.end()
    return out


def parse_filter(text: str) -> tuple[Predicate, list[str]]:
    """A predicate over a getter, and every path the filter references."""
    tokens = _tokens(text)
    paths: list[str] = []
    pos = 0

    def peek() -> Any:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> Any:
        nonlocal pos
        if pos >= len(tokens):
            raise FilterError("Unexpected end of filter clause")
        pos += 1
        return tokens[pos - 1]

    def expect(token: str) -> None:
        if take() != token:
            raise FilterError(f"Expected '{token}' in filter clause")

    def or_expr() -> Predicate:
        left = and_expr()
        while peek() == "or":
            take()
            right, first = and_expr(), left
            left = lambda get, a=first, b=right: a(get) or b(get)  # noqa: E731
        return left

    def and_expr() -> Predicate:
        left = unary()
        while peek() == "and":
            take()
            right, first = unary(), left
            left = lambda get, a=first, b=right: a(get) and b(get)  # noqa: E731
        return left

    def unary() -> Predicate:
        if peek() == "not":
            take()
            inner = unary()
            return lambda get: not inner(get)
        if peek() == "(":
            take()
            inner = or_expr()
            expect(")")
            return inner
        return comparison()

    def path() -> str:
        token = take()
        if not isinstance(token, str) or token in ("(", ")", ","):
            raise FilterError("Expected a property name in filter clause")
        paths.append(token)
        return token

    def literal() -> Any:
        token = take()
        if not isinstance(token, _Lit):
            raise FilterError("Expected a literal in filter clause")
        return token.value

    def comparison() -> Predicate:
        if peek() == "startswith":
            take()
            expect("(")
            name = path()
            expect(",")
            prefix = literal()
            expect(")")
            return lambda get: isinstance(get(name), str) and get(name).startswith(prefix)
        name = path()
        op = take()
        if op not in _OPS:
            raise FilterError(f"Unsupported operator '{op}' in filter clause")
        value = literal()
        compare = _OPS[op]
        return lambda get: compare(_coerce(get(name), value), value)

    predicate = or_expr()
    if pos != len(tokens):
        raise FilterError("Unexpected text at the end of the filter clause")
    return predicate, paths


def _coerce(actual: Any, wanted: Any) -> Any:
    """SharePoint compares booleans as 0/1 and numbers stored as text as numbers."""
    if isinstance(actual, bool) and isinstance(wanted, int) and not isinstance(wanted, bool):
        return int(actual)
    if isinstance(actual, str) and isinstance(wanted, int | float) and not isinstance(wanted, bool):
        try:
            return type(wanted)(actual)
        except ValueError:
            return actual
    return actual
