"""Unit tests of the reference implementation (reference.py) of the concept catalog.

Run with: .venv/bin/pytest tests/accuracy
"""

import ast
import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import reference  # noqa: E402

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec" / "concepts.tsv"


def lines(source, concept):
    """The 0-based lines where the reference finds `concept` in `source`."""
    return [line for name, line, _ in reference.analyze(source.encode()) if name == concept]


def starts(source, concept):
    """The (line, character) anchors of `concept` in `source`."""
    return [(line, char) for name, line, char in reference.analyze(source.encode()) if name == concept]


# One row per concept: the concept, a snippet where it occurs, the 0-based lines where it does,
# and a snippet where it does not occur at all.
CASES = [
    ("function-def", "@d\ndef f(): pass\nasync def g(): pass\n", [1, 2], "f = lambda: 0\n"),
    ("conditional", "if a:\n    pass\nelif b:\n    pass\nx = 1 if c else 2\ny = (elifant\n     if c else 2)\n", [0, 4, 5], "while a: pass\n"),
    ("for-loop", "for x in y: pass\nasync def f():\n    async for x in y: pass\n", [0, 2], "[x for x in y]\n"),
    ("while-loop", "while a: pass\n", [0], "for x in y: pass\n"),
    ("list", "x = [1, 2]\ny = []\n", [0, 1], "[a, b] = pair\nz = [i for i in y]\n"),
    ("tuple", "x = (1, 2)\ny = ()\nz = f((a, b))\n", [0, 1, 2], "x = 1, 2\ny = (a), (b)\nz = x[(a), b]\n"),
    ("dict", "x = {1: 2}\ny = {}\nz = {**w}\n", [0, 1, 2], "x = {k: v for k, v in y}\n"),
    ("set", "x = {1, 2}\ny = {i for i in z}\nw = set()\n", [0, 1, 2], "def set(): pass\nx = set()\ny = {}\n"),
    ("frozenset", "x = frozenset()\n", [0], "from m import frozenset\nx = frozenset()\n"),
    ("list-comprehension", "x = [i for i in y]\n", [0], "x = (i for i in y)\n"),
    ("dict-comprehension", "x = {k: v for k, v in y}\n", [0], "x = {k: v}\n"),
    ("set-comprehension", "x = {i for i in y}\n", [0], "x = {i}\n"),
    ("generator-expression", "x = (i for i in y)\nz = sum(\n    i for i in y)\n", [0, 1], "x = [i for i in y]\n"),
    (
        "file-handling",
        "open(p)\nimport io\nio.open(p)\nfrom os import fdopen\nfdopen(3)\np.read_text()\np.write_bytes(b)\n",
        [0, 2, 4, 5, 6],
        "def open(p): pass\nopen(p)\np.read()\nos.fdopen(3)\n",
    ),
    ("try-except", "try:\n    pass\nexcept E:\n    pass\n", [0], "try:\n    pass\nfinally:\n    pass\n"),
    ("try-finally", "try:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\n", [0], "try:\n    pass\nexcept E:\n    pass\n"),
    ("raise", "raise E\n", [0], "assert x\n"),
    ("exception-chaining", "raise E from e\nraise F from None\n", [0, 1], "raise E\n"),
    (
        "custom-exception",
        "class A(Exception): pass\nclass B(errors.ParseError): pass\nclass C(UserWarning): pass\n"
        "class D(BaseException): pass\n",
        [0, 1, 2, 3],
        "class A(ErrorHandler): pass\nclass B(metaclass=MyError): pass\nclass C(f().Error): pass\n",
    ),
    ("exception-group", "try:\n    pass\nexcept* E:\n    pass\n", [0], "try:\n    pass\nexcept E:\n    pass\n"),
    ("import", "import os\nfrom . import x\n", [0, 1], "os = __import__('os')\n"),
    ("relative-import", "from . import x\nfrom ..m import y\n", [0, 1], "from m import x\nimport m\n"),
    (
        "main-guard",
        "if __name__ == '__main__':\n    pass\nif \"__main__\" == __name__:\n    pass\n",
        [0, 2],
        "if __name__ == 'main': pass\nif __name__ != '__main__': pass\n",
    ),
    ("class", "@d\nclass A: pass\n", [1], "A = type('A', (), {})\n"),
    (
        "inheritance",
        "class A(B): pass\nclass C(B, metaclass=M): pass\n",
        [0, 1],
        "class A: pass\nclass B(object): pass\nclass C(metaclass=M): pass\n",
    ),
    ("multiple-inheritance", "class A(B, C): pass\n", [0], "class A(B, metaclass=M): pass\n"),
    ("super-call", "class A(B):\n    def f(self):\n        super().f()\n", [2], "class super: pass\nsuper()\n"),
    (
        "operator-overloading",
        "class A:\n    def __add__(self, o): pass\n    def __radd__(self, o): pass\n    if X:\n"
        "        def __eq__(self, o): pass\n    def __iadd__(self, o): pass\n",
        [1, 2, 4, 5],
        "def __add__(a, b): pass\nclass A:\n    def __rneg__(self): pass\n    def __init__(self): pass\n",
    ),
    (
        "property",
        "class A:\n    @property\n    def x(self): pass\n    @x.setter\n    def x(self, v): pass\n"
        "    @x.deleter\n    def x(self): pass\n    y = property(f)\n",
        [1, 3, 5, 7],
        "class A:\n    @x.getter\n    def x(self): pass\n    @functools.cached_property\n    def y(self): pass\n",
    ),
    ("private-attribute", "self.__x = 1\ncls.__y\n", [0, 1], "self.__init__()\nother.__x\nself._x\n"),
    (
        "abstract-class",
        "import abc\nclass A(abc.ABC): pass\nfrom abc import ABCMeta, abstractmethod\n"
        "class B(metaclass=ABCMeta):\n    @abstractmethod\n    def f(self): pass\n",
        [1, 3, 4],
        "class A(ABC): pass\nclass B(metaclass=ABCMeta):\n    @abstractmethod\n    def f(self): pass\n",
    ),
    ("classmethod", "class A:\n    @classmethod\n    def f(cls): pass\n", [1], "class A:\n    @builtins.classmethod\n    def f(cls): pass\n"),
    ("staticmethod", "class A:\n    @staticmethod\n    def f(): pass\n", [1], "class A:\n    x = staticmethod(f)\n"),
    (
        "dataclass",
        "from dataclasses import dataclass\n@dataclass\nclass A: pass\n@dataclass(frozen=True)\nclass B: pass\n",
        [1, 3],
        "@dataclass\nclass A: pass\n",
    ),
    (
        "namedtuple",
        "import collections\nP = collections.namedtuple('P', 'x y')\nfrom typing import NamedTuple\n"
        "class Q(NamedTuple): pass\nR = NamedTuple('R', [])\n",
        [1, 3, 4],
        "P = namedtuple('P', 'x y')\n",
    ),
    ("deque", "from collections import deque\nq = deque()\n", [1], "q = deque()\nimport collections as c\nc.dequeue()\n"),
    (
        "queue",
        "import queue\nq = queue.Queue()\nimport asyncio\nq = asyncio.PriorityQueue()\n",
        [1, 3],
        "import queue\nq = queue.Empty()\n",
    ),
    (
        "heapq",
        "import heapq\nheapq.heappush(h, 1)\nfrom heapq import heappop as pop\npop(h)\n",
        [1, 3],
        "import heapq\nheapq()\nheappush(h, 1)\n",
    ),
    ("defaultdict", "import collections\ncollections.defaultdict(list)\n", [1], "defaultdict(list)\n"),
    ("ordereddict", "from collections import OrderedDict as OD\nOD()\n", [1], "import collections\ncollections.Ordered()\n"),
    ("counter", "from collections import Counter\nCounter(x)\n", [1], "from itertools import count\ncount()\n"),
    ("chainmap", "import collections\ncollections.ChainMap(a, b)\n", [1], "ChainMap(a, b)\n"),
    ("with-statement", "with a: pass\nasync def f():\n    async with b: pass\n", [0, 2], "a.__enter__()\n"),
    (
        "custom-context-manager",
        "class A:\n    def __enter__(self): pass\n    def __exit__(self, *a): pass\nclass B:\n"
        "    async def __aenter__(self): pass\n    async def __aexit__(self, *a): pass\n"
        "import contextlib\n@contextlib.contextmanager\ndef f(): yield\n",
        [0, 3, 7],
        "class A:\n    def __enter__(self): pass\n    __exit__ = close\nclass B:\n"
        "    def __enter__(self): pass\n    async def __aexit__(self, *a): pass\n@contextmanager\ndef f(): yield\n",
    ),
    ("decorator", "@a\n@b.c(1)\ndef f(): pass\n@d\nclass A: pass\n", [0, 1, 3], "x = a @ b\n"),
    (
        "decorator-definition",
        "import functools\ndef deco(f):\n    @functools.wraps(f)\n    def wrapper(): pass\n    return wrapper\n",
        [3],
        "from functools import wraps\n@wraps(f)\ndef top(): pass\ndef deco(f):\n    class C:\n"
        "        @wraps(f)\n        def m(self): pass\n    @other(f)\n    def g(): pass\n",
    ),
    (
        "generator-function",
        "def f():\n    yield 1\nasync def g():\n    yield 2\ndef h():\n    x = yield from y\n",
        [0, 2, 4],
        "def f():\n    return lambda: (yield)\n",
    ),
    ("yield-from", "def f():\n    yield from g()\n", [1], "def f():\n    yield g()\n"),
    (
        "custom-iterator",
        "class A:\n    def __iter__(self): pass\nclass B:\n    async def __anext__(self): pass\n",
        [0, 2],
        "class A:\n    __iter__ = None\n    def iter(self): pass\n",
    ),
    ("iter-next", "iter(x)\nnext(y)\n", [0, 1], "it.next()\nfrom m import iter\niter(x)\n"),
    ("lambda", "f = lambda: 0\n", [0], "def f(): pass\n"),
    ("map", "map(f, x)\n", [0], "map = {}\nmap(f, x)\n"),
    ("filter", "filter(None, x)\n", [0], "class filter: pass\nfilter(None, x)\n"),
    (
        "reduce",
        "from functools import reduce\nreduce(f, x)\nimport functools\nfunctools.reduce(f, x)\n",
        [1, 3],
        "reduce(f, x)\n",
    ),
    (
        "closure",
        "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n",
        [2],
        "def outer():\n    x = 1\n    def inner(x):\n        return x\n    f = lambda: x\n"
        "    class A:\n        def m(self):\n            return super().m()\n",
    ),
    ("nonlocal", "def f():\n    x = 1\n    def g():\n        nonlocal x\n", [3], "def f():\n    global x\n"),
    (
        "higher-order-function",
        "sorted(x, key=len)\nimport functools\nfunctools.partial(f, 1)\n",
        [0, 2],
        "sorted(x, reverse=True)\npartial(f)\n",
    ),
    (
        "thread",
        "import threading\nt = threading.Thread(target=f)\nthreading.Timer(1, f)\nclass W(threading.Thread): pass\n",
        [1, 2, 3],
        "t = Thread(target=f)\nimport threading\nthreading.local()\n",
    ),
    (
        "thread-pool",
        "from concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor()\n"
        "from multiprocessing.pool import ThreadPool\nThreadPool()\n",
        [1, 3],
        "from concurrent.futures import Executor\nExecutor()\n",
    ),
    (
        "process",
        "import multiprocessing as mp\nmp.Process(target=f)\nclass W(mp.Process): pass\n",
        [1, 2],
        "import multiprocessing\nmultiprocessing.process.BaseProcess()\n",
    ),
    (
        "process-pool",
        "import multiprocessing\nmultiprocessing.Pool(2)\nfrom concurrent import futures\nfutures.ProcessPoolExecutor()\n",
        [1, 3],
        "import multiprocessing.pool\nmultiprocessing.pool.Pool()\n",
    ),
    (
        "lock",
        "import threading, asyncio\nthreading.Lock()\nthreading.RLock()\nasyncio.Lock()\n",
        [1, 2, 3],
        "import asyncio\nasyncio.RLock()\n",
    ),
    ("semaphore", "import threading\nthreading.BoundedSemaphore(2)\nfrom asyncio import Semaphore\nSemaphore()\n", [1, 3], "Semaphore()\n"),
    (
        "condition-event",
        "import threading\nthreading.Event()\nimport multiprocessing\nmultiprocessing.Barrier(2)\n"
        "import asyncio\nasyncio.Condition()\n",
        [1, 3, 5],
        "import threading\nthreading.Thread()\n",
    ),
    ("process-queue", "import multiprocessing\nmultiprocessing.JoinableQueue()\n", [1], "import queue\nqueue.Queue()\n"),
    ("pipe", "from multiprocessing import Pipe\na, b = Pipe()\n", [1], "import os\nos.pipe()\n"),
    (
        "shared-state",
        "import multiprocessing\nmultiprocessing.Value('i')\nmultiprocessing.Array('i', 3)\nmultiprocessing.Manager()\n",
        [1, 2, 3],
        "import multiprocessing\nmultiprocessing.managers.BaseManager()\n",
    ),
    ("async-function", "async def f(): pass\n", [0], "def f(): pass\n"),
    ("await", "async def f():\n    await g()\n", [1], "async def f():\n    g()\n"),
    (
        "async-for-with",
        "async def f():\n    async for x in y: pass\n    async with z: pass\n    return [a async for a in b]\n",
        [1, 2, 3],
        "async def f():\n    for x in y: pass\n    with z: pass\n    return [a for a in b]\n",
    ),
    (
        "asyncio-task",
        "import asyncio\nasyncio.run(main())\nasyncio.gather(a, b)\nfrom asyncio import create_task\ncreate_task(c)\n",
        [1, 2, 4],
        "import asyncio\nasyncio.sleep(1)\n",
    ),
    (
        "singleton",
        "class S:\n    _instance = None\n    def __new__(cls):\n        cls._instance = super().__new__(cls)\n"
        "        return cls._instance\n",
        [0],
        "class S:\n    def __new__(cls):\n        instance = super().__new__(cls)\n        instance.x = 1\n"
        "        return instance\n",
    ),
    (
        "factory",
        "class A:\n    @classmethod\n    def make(cls):\n        return cls()\n",
        [2],
        "class A:\n    @staticmethod\n    def make():\n        return A()\n    @classmethod\n    def other(cls):\n"
        "        return cls\n",
    ),
    (
        "observer",
        "class Bus:\n    def subscribe(self, f): pass\n    def publish(self, e): pass\n",
        [0],
        "class Bus:\n    def subscribe(self, f): pass\n    notify = publish\n",
    ),
    ("garbage-collector", "import gc\nfrom weakref import ref\n", [0, 1], "import gcx\nfrom . import gc\n"),
    ("profiling", "import cProfile\nfrom timeit import timeit\n", [0, 1], "import profiler\n"),
    (
        "unit-test",
        "import unittest\nfrom unittest import mock\nclass T(unittest.TestCase): pass\nimport pytest\n",
        [0, 1, 2, 3],
        "class T(TestCase): pass\n",
    ),
    ("assert", "assert x\n", [0], "assertTrue(x)\n"),
    ("debugging", "import pdb\npdb.set_trace()\nbreakpoint()\n", [0, 1, 2], "set_trace()\n"),
    ("logging", "import logging.handlers\n", [0], "import logs\n"),
    ("numpy", "import numpy as np\n", [0], "import numpyx\n"),
    ("pandas", "from pandas import DataFrame\n", [0], "import panda\n"),
    ("plotting", "import matplotlib.pyplot as plt\nimport seaborn\nfrom plotly import express\n", [0, 1, 2], "import matplotlibx\n"),
    (
        "http-client",
        "import requests\nimport urllib.request\nfrom http.client import HTTPConnection\nfrom urllib import request\n",
        [0, 1, 2, 3],
        "import urllib.parse\nimport http.server\nimport urllib\n",
    ),
    (
        "web-scraping",
        "from bs4 import BeautifulSoup\nimport lxml.html\nfrom lxml import html\n",
        [0, 1, 2],
        "import lxml.etree\nfrom lxml import etree\n",
    ),
    ("scipy", "from scipy import stats\n", [0], "import scipyx\n"),
    ("machine-learning", "import sklearn\nfrom torch import nn\n", [0, 1], "import torchvision\n"),
    ("web-framework", "from flask import Flask\nimport django.db\n", [0, 1], "import flasky\n"),
    ("database", "import sqlite3\nimport mysql.connector\n", [0, 1], "import mysql\n"),
    ("cli-script", "import argparse\nimport getopt\n", [0, 1], "import args\n"),
    ("file-automation", "import shutil\nfrom pathlib import Path\n", [0, 1], "import shutilx\n"),
    ("cloud-devops", "import boto3\nfrom google.cloud import storage\n", [0, 1], "import google\n"),
    ("ctypes-cython", "import ctypes\n", [0], "import ctypesx\n"),
    ("os-sys", "import os.path\nimport sys\nfrom os import path\n", [0, 1, 2], "import osx\nfrom .os import x\n"),
    ("subprocess", "import subprocess\n", [0], "from . import subprocess\n"),
    (
        "type-hints",
        "def f(x: int): pass\ndef g() -> int: pass\nx: int = 1\ny: str\ndef h(*a: int): pass\n",
        [0, 1, 2, 3, 4],
        "def f(x): pass\nx = 1  # type: int\n",
    ),
    ("match-statement", "match x:\n    case 1:\n        pass\n", [0], "match = 1\n"),
    ("walrus-operator", "if (n := len(a)) > 10: pass\n", [0], "n = len(a)\n"),
    ("f-string", "x = f'{a}'\ny = ('abc'\n     f'{b}')\nz = f'{c:>{w}}'\n", [0, 1, 3], "x = 'abc'\ny = '{a}'.format(a=1)\n"),
]


@pytest.mark.parametrize("concept, source, expected, negative", CASES, ids=[case[0] for case in CASES])
def test_concept(concept, source, expected, negative):
    assert lines(source, concept) == expected
    assert lines(negative, concept) == []


def test_every_concept_has_a_case():
    assert sorted(case[0] for case in CASES) == sorted(reference.CONCEPTS)


def test_the_reference_implements_exactly_the_catalog():
    rows = SPEC.read_text().splitlines()[1:]
    assert sorted(row.split("\t")[0] for row in rows) == sorted(reference.CONCEPTS)
    assert len(reference.CONCEPTS) == 99


# --- Anchors ------------------------------------------------------------------------------------


def test_def_and_class_anchor_at_the_keyword_not_the_decorators():
    source = "@dec\n@other(\n    1)\ndef f(): pass\n@dec\nclass A: pass\n@dec\nasync def g(): pass\n"
    assert lines(source, "function-def") == [3, 7]
    assert lines(source, "class") == [5]
    assert lines(source, "decorator") == [0, 1, 4, 6]


def test_decorator_anchor_is_the_at_sign_even_before_a_parenthesized_expression():
    assert starts("@(\n    dec)\ndef f(): pass\n", "decorator") == [(0, 0)]
    assert starts("class A:\n    @ classmethod\n    def f(cls): pass\n", "classmethod") == [(1, 4)]


def test_generator_expression_as_sole_argument_anchors_at_the_call_parenthesis():
    assert starts("total = sum(\n    x\n    for x in y\n)\n", "generator-expression") == [(0, 11)]
    assert starts("f((x for x in y), 1)\n", "generator-expression") == [(0, 2)]


def test_async_comprehension_clause_anchors_at_async():
    source = "async def f():\n    return [a\n            async for a in b]\n"
    assert starts(source, "async-for-with") == [(2, 12)]


def test_matches_on_one_line_count_once_at_the_first():
    assert starts("x = [[1], [2]]\n", "list") == [(0, 4)]


def test_columns_are_utf16():
    assert starts("s = '\U0001f600'; t = (1, 2)\n", "tuple") == [(0, 14)]


def test_a_multiline_f_string_counts_once_at_its_first_part():
    assert lines("x = (f'{a}'\n     f'{b}'\n     'c')\n", "f-string") == [0]


def test_a_format_spec_is_not_an_f_string_literal():
    source = "z = f'{c:>{w}}' f'{f\"{d}\"}'\n"
    tree = ast.parse(source)
    ctx = reference.FileContext(tree, reference.Source(source), set())
    literals = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
    assert len(literals) == 3
    assert sum(reference.f_string(node, ctx) for node in literals) == 2


# --- Import resolution --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "import collections\ncollections.deque()\n",
        "import collections as c\nc.deque()\n",
        "from collections import deque\ndeque()\n",
        "from collections import deque as d\nd()\n",
        "def f():\n    return deque()\ndef g():\n    from collections import deque\n",
    ],
)
def test_import_forms_resolve(source):
    assert lines(source, "deque") != []


def test_import_a_b_binds_a():
    assert lines("import multiprocessing.pool\nmultiprocessing.pool.ThreadPool()\n", "thread-pool") == [1]
    assert lines("import multiprocessing.pool\nmultiprocessing.Process()\n", "process") == [1]
    assert lines("import multiprocessing.pool as p\np.ThreadPool()\n", "thread-pool") == [1]


@pytest.mark.parametrize(
    "source",
    [
        "from collections import *\ndeque()\n",
        "from .collections import deque\ndeque()\n",
        "import collections\ndeque()\n",
        "import collections.abc as collections\ncollections.deque()\n",
    ],
)
def test_import_forms_that_do_not_resolve(source):
    assert lines(source, "deque") == []


def test_a_name_imported_twice_resolves_to_both():
    source = "try:\n    import threading\nexcept ImportError:\n    import dummy_threading as threading\nthreading.Thread()\n"
    assert lines(source, "thread") == [4]


def test_library_imports_count_once_per_statement_and_never_relative():
    assert lines("import os, sys, os.path\n", "os-sys") == [0]
    assert lines("from . import os\nfrom .os import path\n", "os-sys") == []


# --- The builtin f ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "binding",
    [
        "import open",
        "from m import open",
        "def open(): pass",
        "class open: pass",
        "open = None",
        "open += 1",
        "open: object = None",
        "a, *open = x",
        "if (open := x): pass",
        "if x:\n    def open(): pass",
        "def f():\n    from m import open",
    ],
)
def test_a_file_binding_shadows_the_builtin(binding):
    assert lines(binding + "\nopen(p)\n", "file-handling") == []


@pytest.mark.parametrize(
    "binding",
    [
        "def f():\n    open = None",
        "class A:\n    open = None",
        "try:\n    pass\nexcept E as open:\n    pass",
        "match x:\n    case open:\n        pass",
        "for open in x:\n    pass",
        "with x as open:\n    pass",
        "from m import *",
        "x.open = None",
    ],
)
def test_other_bindings_leave_the_builtin(binding):
    source = binding + "\nopen(p)\n"
    assert lines(source, "file-handling") == [source.count("\n") - 1]


def test_plain_name_decorators_match_whatever_the_file_binds():
    source = "from m import classmethod, property\nclass A:\n    @classmethod\n    def f(cls): pass\n    @property\n    def g(self): pass\n"
    assert lines(source, "classmethod") == [2]
    assert lines(source, "property") == [4]


# --- Scopes -------------------------------------------------------------------------------------


def test_closure_through_a_class_scope():
    source = (
        "def outer():\n"
        "    x = 1\n"
        "    class C:\n"
        "        def m(self):\n"
        "            return x\n"
        "        def __private(self):\n"
        "            return x\n"
        "    return C\n"
    )
    assert lines(source, "closure") == [3, 5]


def test_closure_counts_the_middle_function_of_a_decorator_factory():
    source = (
        "def factory(arg):\n"
        "    def deco(f):\n"
        "        def wrapper():\n"
        "            return f(arg)\n"
        "        return wrapper\n"
        "    return deco\n"
    )
    assert lines(source, "closure") == [1, 2]


def test_closure_anchors_at_the_def_line_and_through_nonlocal():
    source = "def outer():\n    n = 0\n    @dec\n    def bump():\n        nonlocal n\n        n = 1\n"
    assert lines(source, "closure") == [3]


def test_yield_in_a_nested_function_does_not_make_the_outer_a_generator():
    source = "def outer():\n    def inner():\n        yield 1\n    class C:\n        g = (x for x in y)\n    return inner\n"
    assert lines(source, "generator-function") == [1]


def test_an_assignment_in_a_class_body_is_not_a_definition():
    source = "class A:\n    def __add__(self, o): pass\n    __radd__ = __add__\n    __iter__ = None\n"
    assert lines(source, "operator-overloading") == [1]
    assert lines(source, "custom-iterator") == []


def test_definitions_in_blocks_of_the_class_body_count_but_not_in_nested_scopes():
    source = (
        "class A:\n"
        "    try:\n"
        "        def __iter__(self): pass\n"
        "    except E:\n"
        "        pass\n"
        "class B:\n"
        "    def m(self):\n"
        "        def __iter__(): pass\n"
        "    class C:\n"
        "        def __next__(self): pass\n"
    )
    assert lines(source, "custom-iterator") == [0, 8]


# --- Displays -----------------------------------------------------------------------------------


def test_displays_in_target_position_do_not_count():
    source = (
        "for (a, b) in x: pass\n"
        "[a, b] = pair\n"
        "(a, b) = pair\n"
        "with x as (a, b): pass\n"
        "y = [1 for (a, b) in x]\n"
        "del (a, b), [c]\n"
        "[a, (b, c)] = x\n"
    )
    assert lines(source, "tuple") == []
    assert lines(source, "list") == []


def test_displays_inside_targets_in_expression_position_count():
    assert lines("x[(1, 2)] = [3]\n", "tuple") == [0]


def test_tuple_parentheses_that_belong_to_an_element_do_not_count():
    source = "a = (1), (2)\nb = (x) + 1, 2\nc = ((1, 2))\nd = (\n    1,\n)\ne = ('(', ')')\n"
    assert lines(source, "tuple") == [2, 3, 6]


def test_elif_is_part_of_its_if():
    source = "if a:\n    pass\nelif b:\n    pass\nelse:\n    if c:\n        pass\n"
    assert lines(source, "conditional") == [0, 5]
    assert lines("if x:\n    pass\nelif __name__ == '__main__':\n    pass\n", "main-guard") == []


# --- Files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"def f(:\n", b"x = 1\x00\n", b"# coding: latin-1\nx = '\xe9'\n", b"\xff\xfe\n", b"# coding: nope\n"],
)
def test_files_that_are_not_utf8_or_do_not_parse_are_errors(data, tmp_path):
    path = tmp_path / "bad.py"
    path.write_bytes(data)
    result = reference.report(str(path))
    assert set(result) == {"path", "error"}


def test_a_utf8_file_with_a_bom_and_a_cookie_parses(tmp_path):
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf# coding: utf-8\nx = (1, 2)\n")
    assert reference.report(str(path))["occurrences"] == [
        {"concept": "tuple", "start": {"line": 1, "character": 4}}
    ]


def test_the_cli_walks_folders_skipping_site_packages(tmp_path, capsys):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("assert x\n")
    (tmp_path / "pkg" / "notes.txt").write_text("assert x\n")
    (tmp_path / "site-packages").mkdir()
    (tmp_path / "site-packages" / "b.py").write_text("assert x\n")
    assert reference.main([str(tmp_path)]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert printed == [
        {
            "path": str(tmp_path / "pkg" / "a.py"),
            "occurrences": [{"concept": "assert", "start": {"line": 0, "character": 0}}],
        }
    ]


def test_crlf_and_cr_line_endings_count_as_lines():
    assert lines("x = 1\r\ny = (1, 2)\rz = [3]\n", "tuple") == [1]
    assert lines("x = 1\r\ny = (1, 2)\rz = [3]\n", "list") == [2]
