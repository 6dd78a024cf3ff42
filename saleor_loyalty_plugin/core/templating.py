"""The subset of Handlebars the merchant's mail templates may use.

Saleor 3 renders mail with pybars (Handlebars); Saleor 2.10 has no Handlebars
at all.  Templates are checked here, once, against this subset, so a template
that saves in the dashboard renders the same on both hosts, and a typo
(``{{oder_number}}``, an unclosed ``{{#if}}``) is refused at save time with
the variable list instead of failing in a night-time task.

The subset: ``{{name}}`` (HTML-escaped), ``{{{name}}}`` (as is),
``{{#if name}}...{{else}}...{{/if}}`` and ``{{#unless name}}...{{/unless}}``.
"""
import html
import re
from typing import Iterable, List, Mapping, Tuple

TAG = re.compile(r"{{{\s*([^{}]*?)\s*}}}|{{\s*([^{}]*?)\s*}}")
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
BLOCKS = ("if", "unless")


class TemplateProblem(ValueError):
    """A template outside the subset; the message says what and where."""


def _tokens(text: str):
    """("text", str) | ("var", name, raw) | ("open", block, name) | ("else",) | ("close", block)."""
    position = 0
    for match in TAG.finditer(text):
        if match.start() > position:
            yield ("text", text[position:match.start()])
        position = match.end()
        raw, inner = match.group(1), match.group(2)
        if raw is not None:
            yield ("var", _name(raw, match.group(0)), True)
            continue
        if inner.startswith("#"):
            parts = inner[1:].split()
            if len(parts) != 2 or parts[0] not in BLOCKS:
                raise TemplateProblem("%s: only {{#if name}} and {{#unless name}} blocks are "
                                      "allowed." % match.group(0))
            yield ("open", parts[0], _name(parts[1], match.group(0)))
        elif inner.startswith("/"):
            yield ("close", inner[1:].strip())
        elif inner == "else":
            yield ("else",)
        else:
            yield ("var", _name(inner, match.group(0)), False)
    if position < len(text):
        yield ("text", text[position:])


def _name(name: str, tag: str) -> str:
    if not NAME.match(name):
        raise TemplateProblem("%s is not a variable name (letters, digits and _)." % tag)
    return name


def parse(text: str) -> List[tuple]:
    """The template as a tree: text, variables and blocks with their two branches."""
    root: List[tuple] = []
    stack: List[Tuple[str, str, list, list, list]] = []
    current = root
    for token in _tokens(text or ""):
        if token[0] == "open":
            node = (token[1], token[2], [], [])
            current.append(node)
            stack.append((token[1], token[2], node[2], node[3], current))
            current = node[2]
        elif token[0] == "else":
            if not stack:
                raise TemplateProblem("{{else}} outside a block.")
            current = stack[-1][3]
        elif token[0] == "close":
            if not stack or stack[-1][0] != token[1]:
                raise TemplateProblem("{{/%s}} closes no open {{#%s}}." % (token[1], token[1]))
            current = stack.pop()[4]
        else:
            current.append(token)
    if stack:
        raise TemplateProblem("{{#%s %s}} is never closed with {{/%s}}."
                              % (stack[-1][0], stack[-1][1], stack[-1][0]))
    return root


def variables_used(tree) -> Iterable[str]:
    for node in tree:
        if node[0] == "var":
            yield node[1]
        elif node[0] in BLOCKS:
            yield node[1]
            yield from variables_used(node[2])
            yield from variables_used(node[3])


def check(text: str, allowed: Iterable[str]) -> None:
    """Refuse a template outside the subset or naming a variable the message lacks."""
    allowed = tuple(allowed)
    unknown = sorted(set(variables_used(parse(text))) - set(allowed))
    if unknown:
        raise TemplateProblem("Unknown variable %s; the variables are: %s."
                              % (", ".join("{{%s}}" % name for name in unknown),
                                 ", ".join(allowed)))


def render(text: str, context: Mapping[str, object], *, escape: bool = True) -> str:
    """Render the subset (escape=False for plain-text bodies and subjects)."""
    return "".join(_render(parse(text), context, escape))


def _render(tree, context, escape):
    for node in tree:
        if node[0] == "text":
            yield node[1]
        elif node[0] == "var":
            value = context.get(node[1])
            value = "" if value is None else str(value)
            yield value if (node[2] or not escape) else html.escape(value)
        else:
            truthy = bool(context.get(node[1]))
            if node[0] == "unless":
                truthy = not truthy
            yield from _render(node[2] if truthy else node[3], context, escape)
