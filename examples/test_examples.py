"""Tests for the other examples, and a few debugging tricks.

Run the tests with `python3 test_examples.py` (or `python3 -m unittest test_examples`, or
`pytest test_examples.py` if you have pytest). Things to look for:
- unittest.TestCase classes with setUp and assert* methods,
- plain `assert` statements in pytest-style test functions,
- an async test with IsolatedAsyncioTestCase,
- `python3 test_examples.py --debug` stops in the debugger (pdb) inside a test: type `p alice`
  to print a variable, `n` for the next line, `c` to continue. PYTHONBREAKPOINT=0 turns
  breakpoint() off without touching the code.
"""

import asyncio
import pdb
import sys
import unittest

import async_fetcher
import patterns
import text_stats
from bank_account import CheckingAccount, InsufficientFundsError, Money, SavingsAccount, transfer
from shop import Inventory, Product

try:
    import pytest
except ImportError:
    pytest = None

# Our own flag: take it out of sys.argv before unittest sees it.
DEBUG = "--debug" in sys.argv
if DEBUG:
    sys.argv.remove("--debug")


class BankAccountTest(unittest.TestCase):
    def setUp(self):
        # setUp runs before every test method, so each test gets fresh accounts.
        self.alice = SavingsAccount("Alice", 100)
        self.bob = CheckingAccount("Bob", 0, overdraft=50)

    def test_deposit_and_withdraw(self):
        self.alice.deposit(50)
        self.alice.withdraw(30)
        self.assertEqual(self.alice.balance, Money(120))

    def test_savings_cannot_go_negative(self):
        with self.assertRaises(InsufficientFundsError) as caught:
            self.alice.withdraw(101)
        self.assertEqual(caught.exception.needed, Money(101))

    def test_overdraft(self):
        self.bob.withdraw(50)
        self.assertEqual(self.bob.balance, Money(-50))

    def test_balance_is_read_only(self):
        with self.assertRaises(AttributeError):
            self.alice.balance = Money(10**6)

    def test_transfer_keeps_the_cause(self):
        with self.assertRaises(Exception) as caught:
            transfer(self.bob, self.alice, 1000)
        self.assertIsInstance(caught.exception.__cause__, InsufficientFundsError)

    def test_in_the_debugger(self):
        alice = self.alice
        if DEBUG:
            breakpoint()  # the same as `import pdb; pdb.set_trace()`, but configurable
        self.assertTrue(alice.balance)


class InventoryTest(unittest.TestCase):
    def setUp(self):
        self.inventory = Inventory()
        self.inventory.add(Product("X1", "widget", 2.5, 4))
        self.events = []
        self.inventory.subscribe(lambda event, product: self.events.append(event))

    def test_commands(self):
        self.assertEqual(self.inventory.handle("sell X1 4"), "sold 4 x widget")
        self.assertIn("unknown", self.inventory.handle("fly"))

    def test_observers_hear_about_low_stock(self):
        self.inventory.handle("sell X1 4")
        self.assertEqual(self.events, ["low stock", "sold out"])

    def test_cannot_sell_what_we_do_not_have(self):
        self.assertRaises(ValueError, self.inventory.move, "X1", -5)


class AsyncTest(unittest.IsolatedAsyncioTestCase):
    async def test_fake_fetch(self):
        html = await async_fetcher.fake_fetch("https://example.com/page/1")
        self.assertEqual(async_fetcher.title_of(html), "Page number 1")

    async def test_missing_page(self):
        with self.assertRaises(LookupError):
            await async_fetcher.fake_fetch("https://example.com/nope")


# --- pytest style: plain functions and plain asserts ---------------------------------------
def test_money_arithmetic():
    assert Money(1) + Money("2.5") == Money("3.5")
    assert -Money(2) < Money(0), "negation should flip the sign"


def test_singleton_and_vectors():
    assert patterns.Settings() is patterns.Settings()
    assert patterns.Vector(1, 2) * 3 == patterns.Vector(3, 6)


def test_text_pipeline():
    words = list(text_stats.clean(text_stats.words_in(["Hello, world!", "Hello again."])))
    assert words == ["hello", "world", "hello", "again"]
    assert list(text_stats.NGrams(words, 3))[0] == ("hello", "world", "hello")


def test_async_countdown():
    async def collect():
        return [n async for n in async_fetcher.Countdown(3)]

    assert asyncio.run(collect()) == [3, 2, 1]


if pytest is not None:
    # Parametrize runs the same test once per value; only pytest understands this.
    @pytest.mark.parametrize("amount", [0, -1, -100])
    def test_amount_must_be_positive(amount):
        with pytest.raises(ValueError):
            SavingsAccount("Carol").deposit(amount)


def load_tests(loader, tests, pattern):
    """unittest calls this hook: we add the pytest-style functions so both runners see them."""
    for name, value in sorted(globals().items()):
        if name.startswith("test_") and callable(value) and not hasattr(value, "pytestmark"):
            tests.addTest(unittest.FunctionTestCase(value))
    return tests


if __name__ == "__main__":
    if DEBUG and "--step" in sys.argv:
        # Another way in: run a function under pdb, stopping at its first line.
        sys.argv.remove("--step")
        pdb.runcall(test_money_arithmetic)
    unittest.main(verbosity=2)
