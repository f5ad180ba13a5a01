#!/usr/bin/env python3
"""The reference implementation of the roadmap-ls concept catalog.

Every rule of the catalog (tests/fixtures/spec/concepts.tsv, read with the spec's README) is written
here once, on top of CPython's own `ast` and `symtable` modules and nothing else, so that the
occurrences found here are the ground truth that the Rust server is measured against. Each rule
is one small function (or one table entry) whose comment quotes the catalog's words; the
readings of the spec's ambiguous points are listed in READINGS.md next to this file.

Usage: python3 tests/accuracy/reference.py PATH...

Files are read from the given paths (folders are walked for `*.py` files, skipping every
`site-packages` folder) and one JSON object per file is printed on its own line:
{"path": ..., "occurrences": [{"concept": id, "start": {"line": L, "character": C}}]}, with
0-based lines and UTF-16 columns as in LSP, or {"path": ..., "error": ...} for a file that is not
UTF-8 or that CPython cannot parse.
"""

import ast
import io
import json
import os
import re
import symtable
import sys
import tokenize
from collections import defaultdict

# ---------------------------------------------------------------------------------------------
# The source text, addressed the way `ast` addresses it.
# ---------------------------------------------------------------------------------------------

# CPython's tokenizer ends a line at `\r\n`, `\r` or `\n`, and so does LSP.
NEWLINE = re.compile(rb"\r\n|\r|\n")


class Source:
    """The text of a file as UTF-8 lines: `ast` positions are 1-based lines and byte columns."""

    def __init__(self, text):
        self.lines = NEWLINE.split(text.encode("utf-8"))

    def starts_with(self, line, column, prefix):
        """Whether the text at this position starts with the bytes `prefix`."""
        return self.lines[line - 1].startswith(prefix, column)

    def segment(self, node):
        """The text that `node` spans, with its lines joined by `\\n`."""
        if node.lineno == node.end_lineno:
            return self.lines[node.lineno - 1][node.col_offset : node.end_col_offset].decode()
        parts = [self.lines[node.lineno - 1][node.col_offset :]]
        parts += self.lines[node.lineno : node.end_lineno - 1]
        parts.append(self.lines[node.end_lineno - 1][: node.end_col_offset])
        return b"\n".join(parts).decode()

    def preceding(self, line, column):
        """The position of the last character before this one that is not blank, not an opening
        parenthesis and not a line-continuation backslash, or None at the start of the file."""
        while True:
            text = self.lines[line - 1]
            while column > 0 and text[column - 1 : column] in (b" ", b"\t", b"\x0c", b"(", b"\\"):
                column -= 1
            if column > 0:
                return line, column - 1
            if line == 1:
                return None
            line -= 1
            column = len(self.lines[line - 1])

    def utf16_character(self, line, column):
        """The LSP (UTF-16) character offset of a byte column."""
        prefix = self.lines[line - 1][:column].decode()
        return len(prefix.encode("utf-16-le")) // 2


def closes_at_end(text):
    """Whether `text` starts with a `(` that is closed by the `)` that ends it (so that `(a, b)` is
    one parenthesized whole but `(a), (b)` is not). Tokenizing keeps strings and comments out."""
    if not text.startswith("("):
        return False
    end = (text.count("\n") + 1, len(text) - text.rfind("\n") - 1)
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.OP and token.string == "(":
            depth += 1
        elif token.type == tokenize.OP and token.string == ")":
            depth -= 1
            if depth == 0:
                return token.end == end
    return False


# ---------------------------------------------------------------------------------------------
# What the whole file binds: imports, module-level names, scopes and closures.
# ---------------------------------------------------------------------------------------------

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def scope_nodes(body):
    """Yield every node of these statements that belongs to their own scope. Nested functions,
    classes and lambdas are yielded themselves but not entered, not even their decorators,
    defaults or bases: that keeps "the own body" of the spec a plain syntactic notion."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, SCOPES):
            stack.extend(ast.iter_child_nodes(node))


def target_names(target):
    """The plain names that an assignment target binds (`a, *b = ...` binds `a` and `b`)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*map(target_names, target.elts))
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return set()


def dotted_name(expression):
    """`a.b.c` for a name or a chain of attributes on a name, else None."""
    parts = []
    while isinstance(expression, ast.Attribute):
        parts.append(expression.attr)
        expression = expression.value
    if not isinstance(expression, ast.Name):
        return None
    parts.append(expression.id)
    return ".".join(reversed(parts))


def closure_functions(text, filename):
    """(name, line) of every function whose code object has free variables other than
    `__class__`, as CPython's symtable computes them; lambdas are left out."""
    found = set()
    stack = [symtable.symtable(text, filename, "exec")]
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        if table.get_type() == "function" and table.get_name() != "lambda":
            if set(table.get_frees()) - {"__class__"}:
                found.add((table.get_name(), table.get_lineno()))
    return found


class FileContext:
    """Everything the rules need to know about a file beyond the node they look at."""

    def __init__(self, tree, source, closures):
        self.source = source
        self.closures = closures
        # "Imports anywhere in the file bind for the whole file": local name -> the qualified
        # names it may stand for. A relative import binds its name to nothing resolvable.
        self.imports = {}
        # The JoinedStr nodes that are format specs (`{x:>{w}}`) rather than f-string literals.
        self.format_specs = set()
        # id(def or class) -> the function, class or module in whose body it is written.
        self.enclosing = {}
        # id(class) -> the functions defined in its body (nested blocks included).
        self.methods = defaultdict(list)
        containers = [tree]
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self._bind_import(node)
            elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                self.format_specs.add(id(node.format_spec))
            elif isinstance(node, DEFINITIONS):
                containers.append(node)
        for container in containers:
            for node in scope_nodes(container.body):
                if isinstance(node, DEFINITIONS):
                    self.enclosing[id(node)] = container
                    if isinstance(container, ast.ClassDef) and isinstance(node, FUNCTIONS):
                        self.methods[id(container)].append(node)
        self.module_names = self._module_names(tree)

    def _bind_import(self, node):
        for alias in node.names:
            if isinstance(node, ast.Import):
                # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                local = alias.asname or alias.name.partition(".")[0]
                self.imports.setdefault(local, set()).add(alias.name if alias.asname else local)
            elif alias.name != "*":
                targets = self.imports.setdefault(alias.asname or alias.name, set())
                if node.level == 0:
                    targets.add(f"{node.module}.{alias.name}")

    @staticmethod
    def _module_names(tree):
        """Names bound at module level by a `def`, a `class`, an assignment (plain, augmented or
        annotated) or an assignment expression. `for`/`with` targets, `except ... as` names and
        `match` captures are not assignments and do not count."""
        names = set()
        for node in scope_nodes(tree.body):
            if isinstance(node, DEFINITIONS):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names.update(*map(target_names, node.targets))
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
                names.update(target_names(node.target))
        return names

    def resolve(self, expression):
        """The qualified names that a callee, base or decorator names through the imports."""
        name = dotted_name(expression)
        if name is None:
            return set()
        head, dot, rest = name.partition(".")
        return {target + dot + rest for target in self.imports.get(head, ())}

    def is_builtin(self, expression, names):
        """Whether `expression` is "the builtin `f`" for one of `names`: a plain name that the
        file does not bind by an import or at module level."""
        return (
            isinstance(expression, ast.Name)
            and expression.id in names
            and expression.id not in self.imports
            and expression.id not in self.module_names
        )

    def decorator_anchor(self, decorator):
        """The position of the `@` of a decorator (its expression may start in parentheses)."""
        at = self.source.preceding(decorator.lineno, decorator.col_offset)
        if at and self.source.starts_with(*at, b"@"):
            return at
        return decorator.lineno, decorator.col_offset


def decorator_resolves(decorator, ctx, targets):
    """A decorator resolves to a target whether it is called or not (`@wraps(f)`, `@dataclass`)."""
    callee = decorator.func if isinstance(decorator, ast.Call) else decorator
    return bool(ctx.resolve(callee) & targets)


# ---------------------------------------------------------------------------------------------
# The rules. A rule is registered for the node types it looks at and yields the anchors
# (1-based line, byte column) of the occurrences it finds there.
# ---------------------------------------------------------------------------------------------

RULES = defaultdict(list)
CONCEPTS = []


def finds(concept, *node_types):
    """Register a rule that yields the anchors of its occurrences at a node."""

    def register(finder):
        if concept not in CONCEPTS:
            CONCEPTS.append(concept)
        for node_type in node_types:
            RULES[node_type].append((concept, finder))
        return finder

    return register


def matches(concept, *node_types):
    """Register a rule that is a predicate: each node for which it holds is one occurrence,
    anchored where the node starts."""

    def register(predicate):
        def finder(node, ctx):
            if predicate(node, ctx):
                yield node.lineno, node.col_offset

        finds(concept, *node_types)(finder)
        return predicate

    return register


def decorators_matching(concept, predicate):
    """Register a rule whose occurrences are the decorators (of functions and classes) for which
    `predicate(decorator, ctx)` holds, each anchored at its `@`."""

    def finder(node, ctx):
        for decorator in node.decorator_list:
            if predicate(decorator, ctx):
                yield ctx.decorator_anchor(decorator)

    finds(concept, *DEFINITIONS)(finder)


def builtin_calls(concept, *names):
    """Register "every call of the builtin `name`"."""
    matches(concept, ast.Call)(lambda node, ctx: ctx.is_builtin(node.func, names))


def resolved_calls(concept, *targets):
    """Register "every call resolving to `target`"."""
    targets = frozenset(targets)
    matches(concept, ast.Call)(lambda node, ctx: bool(ctx.resolve(node.func) & targets))


def resolved_bases(concept, *targets):
    """Register "every class with a positional base resolving to `target`"."""
    targets = frozenset(targets)
    matches(concept, ast.ClassDef)(
        lambda node, ctx: any(ctx.resolve(base) & targets for base in node.bases)
    )


def resolved_decorators(concept, *targets):
    """Register "every decorator resolving to `target`"."""
    targets = frozenset(targets)
    decorators_matching(concept, lambda decorator, ctx: decorator_resolves(decorator, ctx, targets))


def imported_modules(node):
    """The modules that an import statement names. `from p import s` names `p` and also `p.s`,
    so that `from urllib import request` is an import of `urllib.request`. Relative imports
    never name a library."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level > 0:
        return []
    return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]


def library_imports(concept, *libraries):
    """Register "every import of `m`": an import naming `m` or a submodule of `m`, one
    occurrence per statement."""

    def names_library(node, ctx):
        return any(
            module == library or module.startswith(library + ".")
            for module in imported_modules(node)
            for library in libraries
        )

    matches(concept, ast.Import, ast.ImportFrom)(names_library)


# --- Foundations: syntax -----------------------------------------------------------------------


# every `def` / `async def` statement (anchor: the `def` line, not its decorators)
@matches("function-def", ast.FunctionDef, ast.AsyncFunctionDef)
def function_def(node, ctx):
    return True


def is_elif(node, ctx):
    """An `elif` is an `If` statement of its own in `ast`, starting at the `elif` keyword."""
    return ctx.source.starts_with(node.lineno, node.col_offset, b"elif")


# every `if` statement (its `elif`/`else` belong to it) and every conditional expression
# `a if c else b`
@matches("conditional", ast.If, ast.IfExp)
def conditional(node, ctx):
    return isinstance(node, ast.IfExp) or not is_elif(node, ctx)


# every `for` / `async for` statement (not comprehension `for` clauses)
@matches("for-loop", ast.For, ast.AsyncFor)
def for_loop(node, ctx):
    return True


# every `while` statement
@matches("while-loop", ast.While)
def while_loop(node, ctx):
    return True


# every list display `[...]` that is not a comprehension (in expression position only)
@matches("list", ast.List)
def list_display(node, ctx):
    return isinstance(node.ctx, ast.Load)


# every parenthesized tuple display `(a, b)` / `()` (bare `a, b` tuples without parentheses do
# not count). CPython starts a parenthesized tuple at its `(`; a bare tuple may also start with
# one (`(a), b`), so the `(` must be closed by the tuple's last character.
@matches("tuple", ast.Tuple)
def tuple_display(node, ctx):
    return isinstance(node.ctx, ast.Load) and closes_at_end(ctx.source.segment(node))


# every dict display `{k: v}` / `{}` that is not a comprehension
@matches("dict", ast.Dict)
def dict_display(node, ctx):
    return True


# every set display `{a, b}`, every set comprehension, and every call of the builtin `set`
@matches("set", ast.Set, ast.SetComp)
def set_display(node, ctx):
    return True


builtin_calls("set", "set")

# every call of the builtin `frozenset`
builtin_calls("frozenset", "frozenset")


# every list comprehension `[x for ...]`
@matches("list-comprehension", ast.ListComp)
def list_comprehension(node, ctx):
    return True


# every dict comprehension `{k: v for ...}`
@matches("dict-comprehension", ast.DictComp)
def dict_comprehension(node, ctx):
    return True


# every set comprehension `{x for ...}`
@matches("set-comprehension", ast.SetComp)
def set_comprehension(node, ctx):
    return True


# every generator expression, parenthesized or as a sole call argument `f(x for x in y)`
# (CPython already starts the latter at the call's `(`)
@matches("generator-expression", ast.GeneratorExp)
def generator_expression(node, ctx):
    return True


# every call of the builtin `open`, every call resolving to `io.open` or `os.fdopen`, and every
# method call named `read_text`, `write_text`, `read_bytes` or `write_bytes` on any receiver
builtin_calls("file-handling", "open")
resolved_calls("file-handling", "io.open", "os.fdopen")
PATHLIB_SHORTCUTS = {"read_text", "write_text", "read_bytes", "write_bytes"}


@matches("file-handling", ast.Call)
def pathlib_shortcut(node, ctx):
    return isinstance(node.func, ast.Attribute) and node.func.attr in PATHLIB_SHORTCUTS


# every `try` statement that has at least one `except`/`except*` clause (anchor: `try`)
@matches("try-except", ast.Try, ast.TryStar)
def try_except(node, ctx):
    return bool(node.handlers)


# every `try` statement that has a `finally` clause (anchor: `try`)
@matches("try-finally", ast.Try, ast.TryStar)
def try_finally(node, ctx):
    return bool(node.finalbody)


# every `raise` statement
@matches("raise", ast.Raise)
def raise_statement(node, ctx):
    return True


# every `raise X from Y` statement (including `from None`)
@matches("exception-chaining", ast.Raise)
def exception_chaining(node, ctx):
    return node.cause is not None


def is_exception_name(base):
    """A name or dotted name whose last part is `Exception`, `BaseException`, `Warning`, or ends
    in `Error`, `Exception` or `Warning` (those three names end in one of the suffixes)."""
    name = dotted_name(base)
    return name is not None and name.rpartition(".")[2].endswith(("Error", "Exception", "Warning"))


# every class whose positional bases include a name or dotted name whose last part is
# `Exception`, `BaseException`, `Warning`, or ends in `Error`, `Exception` or `Warning`
@matches("custom-exception", ast.ClassDef)
def custom_exception(node, ctx):
    return any(map(is_exception_name, node.bases))


# every `try` statement with `except*` clauses
@matches("exception-group", ast.TryStar)
def exception_group(node, ctx):
    return True


# every `import` / `from ... import` statement
@matches("import", ast.Import, ast.ImportFrom)
def import_statement(node, ctx):
    return True


# every `from .x import y` / `from . import y` statement (one or more leading dots)
@matches("relative-import", ast.ImportFrom)
def relative_import(node, ctx):
    return node.level > 0


def is_main_string(expression):
    return isinstance(expression, ast.Constant) and expression.value == "__main__"


def is_name_dunder(expression):
    return isinstance(expression, ast.Name) and expression.id == "__name__"


# every `if __name__ == "__main__":` (either operand order, either quote style); an `elif` with
# that test is not an `if` statement
@matches("main-guard", ast.If)
def main_guard(node, ctx):
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    left, right = test.left, test.comparators[0]
    guarded = (is_name_dunder(left) and is_main_string(right)) or (
        is_main_string(left) and is_name_dunder(right)
    )
    return guarded and not is_elif(node, ctx)


# --- Object-oriented programming -----------------------------------------------------------------


# every `class` statement (anchor: `class` line, not its decorators)
@matches("class", ast.ClassDef)
def class_statement(node, ctx):
    return True


# every `class` statement with at least one positional base (keyword arguments such as
# `metaclass=` do not count; a sole base `object` does not count)
@matches("inheritance", ast.ClassDef)
def inheritance(node, ctx):
    sole_object = len(node.bases) == 1 and dotted_name(node.bases[0]) == "object"
    return bool(node.bases) and not sole_object


# every `class` statement with two or more positional bases
@matches("multiple-inheritance", ast.ClassDef)
def multiple_inheritance(node, ctx):
    return len(node.bases) >= 2


# every call of the builtin `super`
builtin_calls("super-call", "super")

# every method defined directly in a class body whose name is one of the listed operators and
# their reflected `__r*__` / in-place `__i*__` forms of the arithmetic and bitwise ones
ARITHMETIC_AND_BITWISE = "add sub mul matmul truediv floordiv mod pow and or xor lshift rshift".split()
OTHER_OPERATORS = (
    "neg pos abs invert eq ne lt le gt ge len getitem setitem delitem contains call bool hash "
    "str repr format"
).split()
OPERATOR_METHODS = (
    {f"__{name}__" for name in ARITHMETIC_AND_BITWISE + OTHER_OPERATORS}
    | {f"__r{name}__" for name in ARITHMETIC_AND_BITWISE}
    | {f"__i{name}__" for name in ARITHMETIC_AND_BITWISE}
)


def is_method(node, ctx):
    """A function defined in a class body, including `if`/`try`/`with` (and loop) blocks there."""
    return isinstance(ctx.enclosing[id(node)], ast.ClassDef)


@matches("operator-overloading", ast.FunctionDef, ast.AsyncFunctionDef)
def operator_overloading(node, ctx):
    return node.name in OPERATOR_METHODS and is_method(node, ctx)


# every decorator `@property`, `@<name>.setter`, `@<name>.deleter`, and every call of the
# builtin `property`
def is_property_decorator(decorator, ctx):
    if isinstance(decorator, ast.Name):
        return decorator.id == "property"
    return (
        isinstance(decorator, ast.Attribute)
        and isinstance(decorator.value, ast.Name)
        and decorator.attr in ("setter", "deleter")
    )


decorators_matching("property", is_property_decorator)
builtin_calls("property", "property")


# every attribute access `self.__name` or `cls.__name` where the name starts with two
# underscores and does not end with two underscores
@matches("private-attribute", ast.Attribute)
def private_attribute(node, ctx):
    return (
        isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
        and node.attr.startswith("__")
        and not node.attr.endswith("__")
    )


# every class with a positional base resolving to `abc.ABC` or a keyword `metaclass=` resolving
# to `abc.ABCMeta`, and every decorator resolving to `abc.abstractmethod`
resolved_bases("abstract-class", "abc.ABC")


@matches("abstract-class", ast.ClassDef)
def abstract_metaclass(node, ctx):
    return any(
        keyword.arg == "metaclass" and "abc.ABCMeta" in ctx.resolve(keyword.value)
        for keyword in node.keywords
    )


resolved_decorators("abstract-class", "abc.abstractmethod")


# every decorator `@classmethod` / `@staticmethod`, matched by name
def named_decorator(name):
    return lambda decorator, ctx: isinstance(decorator, ast.Name) and decorator.id == name


decorators_matching("classmethod", named_decorator("classmethod"))
decorators_matching("staticmethod", named_decorator("staticmethod"))

# --- Data structures from the standard library -------------------------------------------------

# every decorator resolving to `dataclasses.dataclass`, called or not
resolved_decorators("dataclass", "dataclasses.dataclass")

# every call resolving to `collections.namedtuple` or `typing.NamedTuple`, and every class with
# a positional base resolving to `typing.NamedTuple`
resolved_calls("namedtuple", "collections.namedtuple", "typing.NamedTuple")
resolved_bases("namedtuple", "typing.NamedTuple")

# every call resolving to `collections.deque`
resolved_calls("deque", "collections.deque")

# every call resolving to `queue.Queue`, `queue.LifoQueue`, `queue.PriorityQueue`,
# `queue.SimpleQueue`, `asyncio.Queue`, `asyncio.LifoQueue`, `asyncio.PriorityQueue`
resolved_calls(
    "queue",
    "queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue",
    "asyncio.Queue", "asyncio.LifoQueue", "asyncio.PriorityQueue",
)


# every call resolving to `heapq.<any name>`
@matches("heapq", ast.Call)
def heapq_call(node, ctx):
    return any(
        name.startswith("heapq.") and name.count(".") == 1 for name in ctx.resolve(node.func)
    )


# every call resolving to `collections.defaultdict` / `OrderedDict` / `Counter` / `ChainMap`
resolved_calls("defaultdict", "collections.defaultdict")
resolved_calls("ordereddict", "collections.OrderedDict")
resolved_calls("counter", "collections.Counter")
resolved_calls("chainmap", "collections.ChainMap")

# --- Context managers, decorators, generators, iterators ---------------------------------------


# every `with` / `async with` statement
@matches("with-statement", ast.With, ast.AsyncWith)
def with_statement(node, ctx):
    return True


def method_names(node, ctx):
    """The names of the functions that a class body defines (assignments do not define)."""
    return {method.name for method in ctx.methods[id(node)]}


# every class whose body defines both `__enter__` and `__exit__` (or both `__aenter__` and
# `__aexit__`), and every decorator resolving to `contextlib.contextmanager` or
# `contextlib.asynccontextmanager`
@matches("custom-context-manager", ast.ClassDef)
def context_manager_class(node, ctx):
    names = method_names(node, ctx)
    return {"__enter__", "__exit__"} <= names or {"__aenter__", "__aexit__"} <= names


resolved_decorators(
    "custom-context-manager", "contextlib.contextmanager", "contextlib.asynccontextmanager"
)

# every decorator line `@expr` on a function or class
decorators_matching("decorator", lambda decorator, ctx: True)

WRAPS = frozenset({"functools.wraps"})


# every nested function decorated with a decorator resolving to `functools.wraps` (anchor: the
# inner `def` line); nested means written in the body of a function, not of a class
@matches("decorator-definition", ast.FunctionDef, ast.AsyncFunctionDef)
def decorator_definition(node, ctx):
    return isinstance(ctx.enclosing[id(node)], FUNCTIONS) and any(
        decorator_resolves(decorator, ctx, WRAPS) for decorator in node.decorator_list
    )


# every function whose own body (not nested functions, lambdas or classes) contains `yield` or
# `yield from` (anchor: `def` line)
@matches("generator-function", ast.FunctionDef, ast.AsyncFunctionDef)
def generator_function(node, ctx):
    return any(isinstance(inner, (ast.Yield, ast.YieldFrom)) for inner in scope_nodes(node.body))


# every `yield from` expression
@matches("yield-from", ast.YieldFrom)
def yield_from(node, ctx):
    return True


# every class whose body defines `__iter__` or `__next__` (or `__aiter__` / `__anext__`)
@matches("custom-iterator", ast.ClassDef)
def custom_iterator(node, ctx):
    return bool(method_names(node, ctx) & {"__iter__", "__next__", "__aiter__", "__anext__"})


# every call of the builtin `iter` or `next`
builtin_calls("iter-next", "iter", "next")

# --- Functional programming ----------------------------------------------------------------------


# every `lambda` expression
@matches("lambda", ast.Lambda)
def lambda_expression(node, ctx):
    return True


# every call of the builtin `map` / `filter`; every call resolving to `functools.reduce`
builtin_calls("map", "map")
builtin_calls("filter", "filter")
resolved_calls("reduce", "functools.reduce")


# every function (not a lambda) whose CPython code object has free variables other than
# `__class__` (anchor: the inner `def` line); symtable is the judge
@matches("closure", ast.FunctionDef, ast.AsyncFunctionDef)
def closure(node, ctx):
    return (node.name, node.lineno) in ctx.closures


# every `nonlocal` statement
@matches("nonlocal", ast.Nonlocal)
def nonlocal_statement(node, ctx):
    return True


# every call with a `key=` keyword argument, and every call resolving to `functools.partial`
@matches("higher-order-function", ast.Call)
def key_argument(node, ctx):
    return any(keyword.arg == "key" for keyword in node.keywords)


resolved_calls("higher-order-function", "functools.partial")

# --- Concurrency ---------------------------------------------------------------------------------

# every call resolving to `threading.Thread` or `threading.Timer`, and every class with a
# positional base resolving to `threading.Thread`
resolved_calls("thread", "threading.Thread", "threading.Timer")
resolved_bases("thread", "threading.Thread")

# every call resolving to `concurrent.futures.ThreadPoolExecutor` or `multiprocessing.pool.ThreadPool`
resolved_calls("thread-pool", "concurrent.futures.ThreadPoolExecutor", "multiprocessing.pool.ThreadPool")

# every call resolving to `multiprocessing.Process`, and every class with a positional base
# resolving to `multiprocessing.Process`
resolved_calls("process", "multiprocessing.Process")
resolved_bases("process", "multiprocessing.Process")

# every call resolving to `multiprocessing.Pool` or `concurrent.futures.ProcessPoolExecutor`
resolved_calls("process-pool", "multiprocessing.Pool", "concurrent.futures.ProcessPoolExecutor")

# every call resolving to `threading.Lock`, `threading.RLock`, `multiprocessing.Lock`,
# `multiprocessing.RLock`, `asyncio.Lock`
resolved_calls(
    "lock",
    "threading.Lock", "threading.RLock", "multiprocessing.Lock", "multiprocessing.RLock",
    "asyncio.Lock",
)

# every call resolving to `threading.Semaphore`, `threading.BoundedSemaphore`,
# `multiprocessing.Semaphore`, `multiprocessing.BoundedSemaphore`, `asyncio.Semaphore`,
# `asyncio.BoundedSemaphore`
resolved_calls(
    "semaphore",
    "threading.Semaphore", "threading.BoundedSemaphore",
    "multiprocessing.Semaphore", "multiprocessing.BoundedSemaphore",
    "asyncio.Semaphore", "asyncio.BoundedSemaphore",
)

# every call resolving to `threading.Condition`, `threading.Event`, `threading.Barrier`,
# `multiprocessing.Condition`, `multiprocessing.Event`, `multiprocessing.Barrier`,
# `asyncio.Condition`, `asyncio.Event`, `asyncio.Barrier`
resolved_calls(
    "condition-event",
    "threading.Condition", "threading.Event", "threading.Barrier",
    "multiprocessing.Condition", "multiprocessing.Event", "multiprocessing.Barrier",
    "asyncio.Condition", "asyncio.Event", "asyncio.Barrier",
)

# every call resolving to `multiprocessing.Queue`, `multiprocessing.JoinableQueue`,
# `multiprocessing.SimpleQueue`
resolved_calls(
    "process-queue",
    "multiprocessing.Queue", "multiprocessing.JoinableQueue", "multiprocessing.SimpleQueue",
)

# every call resolving to `multiprocessing.Pipe`
resolved_calls("pipe", "multiprocessing.Pipe")

# every call resolving to `multiprocessing.Value`, `multiprocessing.Array`, `multiprocessing.Manager`
resolved_calls("shared-state", "multiprocessing.Value", "multiprocessing.Array", "multiprocessing.Manager")


# every `async def` statement
@matches("async-function", ast.AsyncFunctionDef)
def async_function(node, ctx):
    return True


# every `await` expression
@matches("await", ast.Await)
def await_expression(node, ctx):
    return True


# every `async for` / `async with` statement and every `async for` comprehension clause
@matches("async-for-with", ast.AsyncFor, ast.AsyncWith)
def async_statement(node, ctx):
    return True


@finds("async-for-with", ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
def async_comprehension_clause(node, ctx):
    # `ast` gives comprehension clauses no position: the clause starts at the `async` keyword
    # written before `for` and the clause's target.
    for clause in node.generators:
        if clause.is_async:
            target = clause.target.lineno, clause.target.col_offset
            before_target = ctx.source.preceding(*target)
            before_for = ctx.source.preceding(before_target[0], before_target[1] - 2)
            yield before_for[0], before_for[1] - 4


# every call resolving to `asyncio.run`, `asyncio.gather`, `asyncio.create_task`,
# `asyncio.wait`, `asyncio.wait_for`, `asyncio.TaskGroup`, `asyncio.as_completed`
resolved_calls(
    "asyncio-task",
    "asyncio.run", "asyncio.gather", "asyncio.create_task", "asyncio.wait", "asyncio.wait_for",
    "asyncio.TaskGroup", "asyncio.as_completed",
)

# --- Design patterns -----------------------------------------------------------------------------


def assigns_attribute_of_first_parameter(function):
    """Whether the function's own body assigns to an attribute of its first parameter."""
    parameters = function.args.posonlyargs + function.args.args
    if not parameters:
        return False
    first = parameters[0].arg
    for node in scope_nodes(function.body):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for part in ast.walk(target):
                if (
                    isinstance(part, ast.Attribute)
                    and isinstance(part.ctx, ast.Store)
                    and isinstance(part.value, ast.Name)
                    and part.value.id == first
                ):
                    return True
    return False


# every class whose body defines `__new__` and whose `__new__` body assigns to an attribute of
# its first parameter (e.g. `cls._instance = ...`)
@matches("singleton", ast.ClassDef)
def singleton(node, ctx):
    return any(
        method.name == "__new__" and assigns_attribute_of_first_parameter(method)
        for method in ctx.methods[id(node)]
    )


def returns_cls_call(node):
    return (
        isinstance(node, ast.Return)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "cls"
    )


# every method decorated with `@classmethod` whose body contains `return cls(...)`
@matches("factory", ast.FunctionDef, ast.AsyncFunctionDef)
def factory(node, ctx):
    return (
        is_method(node, ctx)
        and any(named_decorator("classmethod")(decorator, ctx) for decorator in node.decorator_list)
        and any(map(returns_cls_call, scope_nodes(node.body)))
    )


SUBSCRIBE_METHODS = {"subscribe", "attach", "register", "add_observer", "add_listener", "add_subscriber"}
NOTIFY_METHODS = {"notify", "emit", "dispatch", "publish", "notify_observers", "fire"}


# every class whose body defines a method named one of subscribe/attach/register/add_observer/
# add_listener/add_subscriber and a method named one of notify/emit/dispatch/publish/
# notify_observers/fire
@matches("observer", ast.ClassDef)
def observer(node, ctx):
    names = method_names(node, ctx)
    return bool(names & SUBSCRIBE_METHODS) and bool(names & NOTIFY_METHODS)


# --- Libraries -----------------------------------------------------------------------------------
# Each row is the catalog's "every import of `m1`, `m2`, ..." for one concept.

# every import of `gc` or `weakref`
library_imports("garbage-collector", "gc", "weakref")
# every import of `cProfile`, `profile`, `pstats`, `tracemalloc`, `timeit`, `memory_profiler`,
# `line_profiler`
library_imports(
    "profiling", "cProfile", "profile", "pstats", "tracemalloc", "timeit", "memory_profiler",
    "line_profiler",
)
# every import of `unittest` or `pytest`, and every class with a positional base resolving to
# `unittest.TestCase` or `unittest.IsolatedAsyncioTestCase`
library_imports("unit-test", "unittest", "pytest")
resolved_bases("unit-test", "unittest.TestCase", "unittest.IsolatedAsyncioTestCase")


# every `assert` statement
@matches("assert", ast.Assert)
def assert_statement(node, ctx):
    return True


# every import of `pdb`, every call resolving to `pdb.set_trace`, and every call of the builtin
# `breakpoint`
library_imports("debugging", "pdb")
resolved_calls("debugging", "pdb.set_trace")
builtin_calls("debugging", "breakpoint")

library_imports("logging", "logging")
library_imports("numpy", "numpy")
library_imports("pandas", "pandas")
library_imports("plotting", "matplotlib", "seaborn", "plotly")
library_imports("http-client", "requests", "httpx", "aiohttp", "urllib.request", "http.client")
library_imports("web-scraping", "bs4", "scrapy", "lxml.html", "selenium")
library_imports("scipy", "scipy")
library_imports("machine-learning", "sklearn", "tensorflow", "torch", "keras", "jax", "xgboost")
library_imports("web-framework", "django", "flask", "fastapi")
library_imports(
    "database",
    "sqlite3", "psycopg2", "psycopg", "pymysql", "mysql.connector", "sqlalchemy", "pymongo",
    "motor", "redis",
)
library_imports("cli-script", "argparse", "click", "typer", "optparse", "getopt")
library_imports(
    "file-automation", "shutil", "glob", "pathlib", "fnmatch", "watchdog", "psutil", "schedule"
)
library_imports(
    "cloud-devops",
    "boto3", "botocore", "google.cloud", "azure", "docker", "kubernetes", "pulumi", "fabric",
    "paramiko",
)
library_imports("ctypes-cython", "ctypes", "cffi", "cython", "pyximport")
library_imports("os-sys", "os", "sys")
library_imports("subprocess", "subprocess")

# --- Modern syntax -------------------------------------------------------------------------------


# every function with at least one parameter or return annotation (anchor: `def` line), and
# every annotated assignment `x: T` / `x: T = v`
@matches("type-hints", ast.FunctionDef, ast.AsyncFunctionDef)
def annotated_function(node, ctx):
    arguments = node.args
    parameters = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    parameters += [parameter for parameter in (arguments.vararg, arguments.kwarg) if parameter]
    return node.returns is not None or any(p.annotation is not None for p in parameters)


@matches("type-hints", ast.AnnAssign)
def annotated_assignment(node, ctx):
    return True


# every `match` statement
@matches("match-statement", ast.Match)
def match_statement(node, ctx):
    return True


# every assignment expression `(x := v)`
@matches("walrus-operator", ast.NamedExpr)
def walrus_operator(node, ctx):
    return True


# every f-string literal (a concatenation of adjacent literals counts once, at its first part);
# the format spec of a replacement field (`{x:>{w}}`) is a JoinedStr too, but no literal
@matches("f-string", ast.JoinedStr)
def f_string(node, ctx):
    return id(node) not in ctx.format_specs


# ---------------------------------------------------------------------------------------------
# Running the rules over files.
# ---------------------------------------------------------------------------------------------


def analyze(data, filename="<unknown>"):
    """The occurrences in a file's bytes, as sorted (concept, line, character) triples with
    0-based lines and UTF-16 characters. Raises SyntaxError or ValueError (UnicodeDecodeError
    included) for files that are not UTF-8 or that CPython cannot compile."""
    data.decode("utf-8")
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    tree = ast.parse(text, filename)
    ctx = FileContext(tree, Source(text), closure_functions(text, filename))
    first = {}
    for node in ast.walk(tree):
        for concept, finder in RULES.get(type(node), ()):
            for line, column in finder(node, ctx):
                # Two matches of the same concept that start on the same line count once.
                key = concept, line
                first[key] = min(first.get(key, column), column)
    return sorted(
        (concept, line - 1, ctx.source.utf16_character(line, column))
        for (concept, line), column in first.items()
    )


def report(path):
    """The JSON object printed for one file."""
    try:
        with open(path, "rb") as file:
            data = file.read()
        occurrences = analyze(data, path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return {"path": path, "error": f"{type(error).__name__}: {error}"}
    return {
        "path": path,
        "occurrences": [
            {"concept": concept, "start": {"line": line, "character": character}}
            for concept, line, character in occurrences
        ],
    }


def python_files(paths):
    """The files named, and the `*.py` files under the folders named, outside `site-packages`."""
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(name for name in subfolders if name != "site-packages")
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def main(arguments):
    if not arguments:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in python_files(arguments):
        print(json.dumps(report(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
