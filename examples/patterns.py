"""Classic design patterns in Python, and how objects live and die in memory.

Run it with `python3 patterns.py`. Things to look for:
- Singleton: __new__ hands back the same object every time,
- Factory: a classmethod that picks and builds the right class,
- Observer: subscribers are told when something happens; weak references mean the
  event bus does not keep dead subscribers alive (watch gc.collect() at work),
- Iterator and context manager protocols written as classes,
- a Vector that overloads +, *, ==, abs(), len() and indexing,
- __slots__ to make many small objects lighter.
"""

import gc
import math
import sys
import weakref
from contextlib import contextmanager


# --- Singleton --------------------------------------------------------------------------------
class Settings:
    """Everybody who asks for Settings() gets the very same object."""

    _instance = None

    def __new__(cls, *args, **kwargs):
        # __new__ creates the object (before __init__ fills it in), so it can refuse to
        # create a second one and return the first instead.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.values = {"theme": "dark"}
        return cls._instance


# --- Factory ----------------------------------------------------------------------------------
class Shape:
    kinds = {}  # "circle" -> Circle, filled in by __init_subclass__

    def __init_subclass__(cls, kind, **kwargs):
        # Runs once for every subclass: a neat way to register them automatically.
        super().__init_subclass__(**kwargs)
        Shape.kinds[kind] = cls

    @classmethod
    def create(cls, kind, *size):
        """The factory: callers name the kind, the factory finds the class."""
        try:
            shape_class = cls.kinds[kind]
        except KeyError:
            raise ValueError(f"unknown shape {kind!r}; try one of {sorted(cls.kinds)}") from None
        return shape_class(*size)

    def __repr__(self):
        return f"{type(self).__name__}(area={self.area():.2f})"


class Circle(Shape, kind="circle"):
    def __init__(self, radius):
        self.radius = radius

    def area(self):
        return math.pi * self.radius**2


class Rectangle(Shape, kind="rectangle"):
    def __init__(self, width, height):
        self.width, self.height = width, height

    @classmethod
    def square(cls, side):
        return cls(side, side)  # another factory: an alternative constructor

    def area(self):
        return self.width * self.height


# --- Observer ---------------------------------------------------------------------------------
class EventBus:
    def __init__(self):
        # A WeakSet does not count as a reference: when nobody else holds a subscriber,
        # it silently disappears from the set.
        self._subscribers = weakref.WeakSet()

    def subscribe(self, subscriber):
        self._subscribers.add(subscriber)

    def notify(self, message):
        for subscriber in list(self._subscribers):
            subscriber.receive(message)
        return len(self._subscribers)


class Screen:
    def __init__(self, name):
        self.name = name

    def receive(self, message):
        print(f"  {self.name} shows: {message}")


# --- Iterator and context manager protocols ---------------------------------------------------
class Fibonacci:
    """An iterator that produces Fibonacci numbers up to a limit."""

    def __init__(self, limit):
        self.limit = limit
        self.a, self.b = 0, 1

    def __iter__(self):
        return self

    def __next__(self):
        if self.a > self.limit:
            raise StopIteration
        value = self.a
        self.a, self.b = self.b, self.a + self.b
        return value


class Indented:
    """A context manager: `with Indented():` indents everything printed inside."""

    level = 0

    def __enter__(self):
        Indented.level += 1
        return self

    def __exit__(self, exc_type, exc, traceback):
        Indented.level -= 1
        return False  # False: let exceptions continue upwards

    @staticmethod
    def print(*parts):
        print("    " * Indented.level, *parts)


@contextmanager
def temporary_setting(key, value):
    """The same protocol written as a generator: code before `yield` is __enter__."""
    settings = Settings()
    old = settings.values.get(key)
    settings.values[key] = value
    try:
        yield settings
    finally:
        settings.values[key] = old


# --- Operator overloading ---------------------------------------------------------------------
class Vector:
    __slots__ = ("x", "y")  # no per-object __dict__: smaller objects, fixed attributes

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __mul__(self, factor):
        return Vector(self.x * factor, self.y * factor)

    __rmul__ = __mul__  # so that 3 * v works as well as v * 3

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return (self.x, self.y)[index]

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"


class PlainPoint:
    def __init__(self, x, y):
        self.x, self.y = x, y


def main():
    print("Singleton:", Settings() is Settings(), Settings().values)

    print("Factory:", Shape.create("circle", 1), Shape.create("rectangle", 2, 3), Rectangle.square(4))
    try:
        Shape.create("triangle")
    except ValueError as error:
        print("  ", error)

    print("Observer:")
    bus = EventBus()
    kitchen, hall = Screen("kitchen"), Screen("hall")
    bus.subscribe(kitchen)
    bus.subscribe(hall)
    print("  subscribers:", bus.notify("dinner is ready"))
    weakref.finalize(hall, print, "  (the hall screen was garbage collected)")
    del hall  # our last strong reference: the WeakSet lets it go
    gc.collect()  # not needed here (reference counting already freed it), but harmless
    print("  subscribers:", bus.notify("dessert too"))

    print("Iterator:", list(Fibonacci(50)))
    with Indented():
        Indented.print("one level in")
        with Indented():
            Indented.print("two levels in")
    with temporary_setting("theme", "light") as settings:
        print("Temporary theme:", settings.values["theme"])
    print("Back to:", Settings().values["theme"])

    v, w = Vector(3, 4), Vector(1, 1)
    x, y = v  # unpacking works thanks to __getitem__ / __len__
    print("Vectors:", v + w, 2 * v, abs(v), v == Vector(3, 4), len(v), (x, y))
    plain = PlainPoint(3, 4)
    plain_size = sys.getsizeof(plain) + sys.getsizeof(plain.__dict__)
    print(f"Sizes: {sys.getsizeof(v)} bytes with __slots__, {plain_size} bytes with a __dict__")

    # A cycle: two objects pointing at each other never reach a reference count of zero.
    # That is what the cyclic garbage collector is for.
    a, b = PlainPoint(0, 0), PlainPoint(1, 1)
    a.other, b.other = b, a
    del a, b
    print("The garbage collector found", gc.collect(), "unreachable objects in a cycle")


if __name__ == "__main__":
    main()
