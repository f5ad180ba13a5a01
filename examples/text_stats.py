"""Text statistics as a pipeline of small functions, then a look at what it costs.

Run it with `python3 text_stats.py` (or `python3 text_stats.py some_file.txt`). Things to look for:
- generator functions that hand out one line or word at a time (`yield`, `yield from`),
- list / dict / set comprehensions and generator expressions,
- map, filter and functools.reduce, with lambdas,
- closures and decorators (built with functools.wraps), including one with `nonlocal`,
- a custom iterator class, and the builtins iter() and next(),
- timeit, cProfile and tracemalloc to measure speed and memory.
"""

import cProfile
import functools
import io
import pstats
import sys
import tempfile
import time
import timeit
import tracemalloc
from functools import partial, reduce
from pathlib import Path

SAMPLE = """\
The quick brown fox jumps over the lazy dog.
The dog sleeps; the fox runs away into the brown woods.
A lazy afternoon: no fox, no dog, only the quiet woods.
"""

STOP_WORDS = frozenset({"the", "a", "no", "only", "into", "over"})


# --- Decorators -----------------------------------------------------------------------------
def timed(func):
    """Print how long each call of `func` takes."""

    @functools.wraps(func)  # keep func's name and docstring on the wrapper
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        # `func` and `start` come from the enclosing scopes: wrapper is a closure.
        print(f"  [{func.__name__} took {(time.perf_counter() - start) * 1000:.2f} ms]")
        return result

    return wrapper


def counted(func):
    """Count the calls: the counter lives in the enclosing function, so we need `nonlocal`."""
    calls = 0

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nonlocal calls  # without this, `calls += 1` would make a new local variable
        calls += 1
        wrapper.calls = calls
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


def shout_if(threshold):
    """A decorator factory: shout_if(3) returns the actual decorator."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            return result.upper() if len(result) > threshold else result

        return wrapper

    return decorator


# --- Generators: produce data lazily, one piece at a time ---------------------------------
def read_lines(path):
    """Yield the lines of a file without loading the whole file into memory."""
    with open(path, encoding="utf-8") as file:
        for line in file:
            yield line.rstrip("\n")


def words_in(lines):
    for line in lines:
        # `yield from` hands out every item of another iterable, one by one.
        yield from line.split()


def clean(words):
    # A generator expression: like a list comprehension, but lazy.
    return (word.strip(".,;:!?").lower() for word in words)


class NGrams:
    """A custom iterator: yields tuples of `n` consecutive words ("bigrams" when n=2)."""

    def __init__(self, words, n=2):
        self._words = list(words)
        self._n = n
        self._position = 0

    def __iter__(self):
        return self  # an iterator is its own iterable

    def __next__(self):
        if self._position + self._n > len(self._words):
            raise StopIteration  # tells `for` loops we are done
        gram = tuple(self._words[self._position : self._position + self._n])
        self._position += 1
        return gram


# --- The statistics -------------------------------------------------------------------------
@counted
def is_interesting(word):
    return len(word) > 2 and word not in STOP_WORDS


@shout_if(5)
def describe(word):
    return f"longest word: {word}"


@timed
def statistics(words):
    words = list(words)
    interesting = list(filter(is_interesting, words))  # keep only the words we care about
    lengths = list(map(len, words))  # the length of every word
    total_letters = reduce(lambda total, n: total + n, lengths, 0)
    longest = reduce(lambda a, b: a if len(a) >= len(b) else b, words)

    frequency = {word: interesting.count(word) for word in set(interesting)}  # dict comprehension
    by_first_letter = {word[0] for word in interesting}  # set comprehension
    top = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))[:3]

    return {
        "words": len(words),
        "unique": len(set(words)),
        "average length": round(total_letters / len(words), 2),
        "top words": top,
        "first letters": "".join(sorted(by_first_letter)),
        "describe": describe(longest),
    }


def make_scaler(factor):
    """A higher-order function: it returns a new function that remembers `factor`."""

    def scale(value):
        return value * factor

    return scale


# --- Measuring ---------------------------------------------------------------------------------
def measure(words):
    print("\nThree ways to add up the word lengths: which is fastest? (timeit, 300 runs each)")
    candidates = {
        "list comp": lambda: sum([len(w) for w in words]),
        "map": lambda: sum(map(len, words)),
        "generator": lambda: sum(len(w) for w in words),
    }
    for name, function in candidates.items():
        seconds = timeit.timeit(function, number=300)
        print(f"  {name:<10} {seconds * 1000:6.2f} ms")

    print("\nWhere does the time go? (cProfile, top 3 by cumulative time)")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(50):
        counts = {w: words[:500].count(w) for w in words[:500]}  # slow on purpose: count() scans
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(3)
    print("\n".join(line for line in report.getvalue().splitlines() if line.strip())[:600])

    print("\nA list holds everything at once; a generator holds one item (tracemalloc)")
    tracemalloc.start()
    squares_list = [n * n for n in range(20_000)]
    list_peak = tracemalloc.get_traced_memory()[1]
    del squares_list[:]  # free the list's items before the next measurement
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    squares_sum = sum(n * n for n in range(20_000))
    generator_peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    print(f"  list peak: {list_peak // 1024} KiB, generator extra: {generator_peak // 1024} KiB")
    assert squares_sum > 0 and len(counts) > 0


def main(argv):
    paths = [argument for argument in argv[1:] if not argument.startswith("--")]
    if paths:
        words = list(clean(words_in(read_lines(paths[0]))))
    else:
        # No file given: write the sample to a temporary file, so we still read from disk.
        # The temporary folder and everything in it is deleted when the `with` block ends.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sample.txt"
            path.write_text(SAMPLE, encoding="utf-8")
            words = list(clean(words_in(read_lines(path))))
    for key, value in statistics(words).items():
        print(f"{key:>15}: {value}")
    print(f"is_interesting() was called {is_interesting.calls} times")

    # iter() and next() by hand: this is what a `for` loop does behind the scenes.
    stream = iter(words)
    first, second = next(stream), next(stream)
    print("first two words:", first, second, "| next one:", next(stream, "<none>"))

    bigrams = NGrams(words, n=2)
    print("first bigrams:", [" ".join(gram) for gram, _ in zip(bigrams, range(3))])

    double, triple = make_scaler(2), make_scaler(3)
    to_int = partial(int, base=2)  # partial fixes some arguments of an existing function
    print("closures:", double(21), triple(14), "| partial:", to_int("101010"))

    if "--no-profile" not in argv:
        measure(words * 200)


if __name__ == "__main__":
    main(sys.argv)
