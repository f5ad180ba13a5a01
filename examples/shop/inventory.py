"""The stock room of a small shop: a tour of Python's data structures.

Run it with `python3 shop/inventory.py` (add `--serve` to start a Flask web API, if Flask
is installed). Things to look for:
- a dataclass for products, a namedtuple and a typing.NamedTuple for small records,
- collections: deque, defaultdict, OrderedDict, Counter and ChainMap,
- heapq to find what to reorder first, sets and frozensets for tags,
- a `match` statement that understands shop commands, the walrus operator `:=`,
- type hints everywhere, sqlite3 to save the stock, and two design patterns:
  a factory classmethod and an observer that announces low stock.
"""

from __future__ import annotations

import heapq
import sqlite3
import sys
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple
from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple

try:  # an optional web API; the rest of the file works without Flask
    from flask import Flask, jsonify
except ImportError:
    Flask = None

# Settings: the user's choices win over the shop's, which win over the defaults.
DEFAULTS = {"currency": "EUR", "low_stock": 3, "tax": 0.2}
SHOP_SETTINGS = {"low_stock": 5}

# A namedtuple is a tuple whose items also have names: move.quantity == move[1].
StockMove = namedtuple("StockMove", ["sku", "quantity", "reason"])


class Location(NamedTuple):
    """The typed way to write a namedtuple."""

    aisle: str
    shelf: int = 1


@dataclass(order=True)
class Product:
    # order=True compares products field by field, so `sort_key` (the price) goes first.
    sort_key: float = field(init=False, repr=False)
    sku: str
    name: str
    price: float
    quantity: int = 0
    tags: frozenset[str] = frozenset()
    location: Location = Location("A")

    def __post_init__(self) -> None:
        self.sort_key = self.price

    @classmethod
    def from_row(cls, row: tuple) -> Product:
        """A factory method: build a Product from a database row."""
        sku, name, price, quantity, tags = row
        return cls(sku, name, price, quantity, frozenset(tags.split(",")) if tags else frozenset())


class Inventory:
    def __init__(self, settings: dict | None = None) -> None:
        self.products: dict[str, Product] = {}
        self.settings = ChainMap(settings or {}, SHOP_SETTINGS, DEFAULTS)
        self.recent: deque[StockMove] = deque(maxlen=5)  # only the last 5 moves are kept
        self.sales: Counter[str] = Counter()
        self._listeners: list[Callable[[str, Product], None]] = []
        self._lookups: OrderedDict[str, Product] = OrderedDict()  # a tiny LRU cache

    # --- the observer pattern: others subscribe, we notify them --------------------------
    def subscribe(self, listener: Callable[[str, Product], None]) -> None:
        self._listeners.append(listener)

    def notify(self, event: str, product: Product) -> None:
        for listener in self._listeners:
            listener(event, product)

    # --- stock keeping --------------------------------------------------------------------
    def add(self, product: Product) -> None:
        self.products[product.sku] = product

    def move(self, sku: str, quantity: int, reason: str = "sale") -> None:
        product = self.find(sku)
        if product.quantity + quantity < 0:
            raise ValueError(f"only {product.quantity} x {product.name} left")
        product.quantity += quantity
        self.recent.append(StockMove(sku, quantity, reason))
        if reason == "sale":
            self.sales[sku] += -quantity
        # The walrus operator assigns and tests in one go.
        if (left := product.quantity) <= self.settings["low_stock"]:
            self.notify("low stock", product)
            if left == 0:
                self.notify("sold out", product)

    def find(self, sku: str) -> Product:
        if sku in self._lookups:
            self._lookups.move_to_end(sku)  # mark as recently used
            return self._lookups[sku]
        product = self.products[sku]
        self._lookups[sku] = product
        if len(self._lookups) > 3:
            self._lookups.popitem(last=False)  # forget the least recently used
        return product

    def by_tag(self) -> defaultdict[str, list[str]]:
        groups: defaultdict[str, list[str]] = defaultdict(list)  # missing keys start as []
        for product in self.products.values():
            for tag in sorted(product.tags):
                groups[tag].append(product.name)
        return groups

    def reorder_first(self, count: int = 2) -> list[tuple[int, str]]:
        # heapq keeps the smallest item on top: the products with the least stock.
        heap = [(p.quantity, p.name) for p in self.products.values()]
        heapq.heapify(heap)
        return [heapq.heappop(heap) for _ in range(min(count, len(heap)))]

    def value(self) -> str:
        total = sum(p.price * p.quantity for p in self.products.values())
        return f"{total:,.2f} {self.settings['currency']}"

    # --- the shop's little command language -------------------------------------------------
    def handle(self, command: str) -> str:
        match command.split():
            case ["sell", sku]:
                self.move(sku, -1)
                return f"sold one {self.find(sku).name}"
            case ["sell", sku, amount] if amount.isdigit():
                self.move(sku, -int(amount))
                return f"sold {amount} x {self.find(sku).name}"
            case ["restock", sku, amount]:
                self.move(sku, int(amount), reason="restock")
                return f"{self.find(sku).name}: {self.find(sku).quantity} in stock"
            case ["where", sku]:
                match self.find(sku).location:
                    case Location(aisle="A", shelf=shelf):
                        return f"front aisle, shelf {shelf}"
                    case Location(aisle=aisle, shelf=shelf):
                        return f"aisle {aisle}, shelf {shelf}"
            case ["value"]:
                return self.value()
            case []:
                return "say something!"
            case _:
                return f"unknown command: {command!r}"
        return "?"

    # --- saving to a database ---------------------------------------------------------------
    def save(self, connection: sqlite3.Connection) -> None:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS product (sku TEXT PRIMARY KEY, name TEXT, price REAL,"
            " quantity INTEGER, tags TEXT)"
        )
        rows = [(p.sku, p.name, p.price, p.quantity, ",".join(sorted(p.tags))) for p in self.products.values()]
        # `?` placeholders let sqlite3 quote the values: never build SQL with f-strings.
        connection.executemany("INSERT OR REPLACE INTO product VALUES (?, ?, ?, ?, ?)", rows)
        connection.commit()

    @classmethod
    def load(cls, connection: sqlite3.Connection) -> Inventory:
        inventory = cls()
        for row in connection.execute("SELECT sku, name, price, quantity, tags FROM product"):
            inventory.add(Product.from_row(row))
        return inventory


def sample_inventory() -> Inventory:
    inventory = Inventory()
    items: Iterable[Product] = [
        Product("T1", "green tea", 4.5, 10, frozenset({"drink", "hot"}), Location("A", 2)),
        Product("C1", "coffee beans", 9.9, 6, frozenset({"drink", "hot", "beans"}), Location("B", 1)),
        Product("L1", "lemonade", 2.2, 4, frozenset({"drink", "cold"}), Location("C", 3)),
        Product("B1", "butter biscuits", 3.1, 12, frozenset({"snack"})),
    ]
    for product in items:
        inventory.add(product)
    return inventory


def create_app(inventory: Inventory):
    """A two-route web API over the inventory (needs Flask)."""
    app = Flask(__name__)

    @app.route("/products")
    def list_products():
        return jsonify({sku: p.quantity for sku, p in inventory.products.items()})

    @app.route("/products/<sku>")
    def one_product(sku):
        product = inventory.products.get(sku)
        return (jsonify(name=product.name, quantity=product.quantity), 200) if product else ("not found", 404)

    return app


def main(argv: list[str]) -> None:
    inventory = sample_inventory()
    inventory.subscribe(lambda event, product: print(f"  !! {event}: {product.name} ({product.quantity} left)"))

    for command in ["sell T1", "sell L1 2", "restock L1 1", "sell L1 3", "where T1", "where C1", "value", "dance"]:
        print(f"> {command:<14} {inventory.handle(command)}")

    print("best sellers:", inventory.sales.most_common(2))
    print("recent moves:", [f"{m.sku}{m.quantity:+d}" for m in inventory.recent])
    print("by tag:", dict(inventory.by_tag()))
    print("reorder first:", inventory.reorder_first())
    hot, cold = inventory.find("T1").tags, inventory.find("L1").tags
    print("tags in common:", set(hot & cold), "| only hot:", hot - cold, "| all:", sorted(hot | cold))
    print("cheapest first:", [p.name for p in sorted(inventory.products.values())])
    print("settings:", dict(inventory.settings), "| low stock from", inventory.settings["low_stock"])

    with sqlite3.connect(":memory:") as connection:  # a throwaway database in memory
        inventory.save(connection)
        reloaded = Inventory.load(connection)
    connection.close()
    print("reloaded from sqlite:", {sku: p.quantity for sku, p in reloaded.products.items()})

    if "--serve" in argv:
        if Flask is None:
            sys.exit("Flask is not installed: pip install flask")
        create_app(inventory).run(port=5000)


if __name__ == "__main__":
    main(sys.argv[1:])
