"""A tiny bank: classes, properties, private attributes and custom exceptions.

Run it with `python3 bank_account.py`. Things to look for:
- an abstract base class that every account type must complete,
- a property that guards the balance, and "private" (name-mangled) attributes,
- our own exception hierarchy, `raise ... from ...` and `except*` for exception groups,
- inheritance, a mixin (multiple inheritance) and `super()`,
- a Money type that overloads `+`, `-`, `<` and `==`.
"""

from abc import ABC, abstractmethod
from decimal import Decimal


# --- Our own exceptions -------------------------------------------------------------------
# Deriving from Exception (not BaseException) keeps Ctrl+C and sys.exit() working normally.
class BankError(Exception):
    """The root of every error this module raises, so callers can catch them all at once."""


class InsufficientFundsError(BankError):
    def __init__(self, needed, available):
        # Pass a readable message up to Exception, and keep the numbers for the caller.
        super().__init__(f"needed {needed}, only {available} available")
        self.needed = needed
        self.available = available


class AccountFrozenError(BankError):
    pass


# --- A small value type with operator overloading -----------------------------------------
class Money:
    """An amount of money in one currency. Decimal avoids 0.1 + 0.2 != 0.3 surprises."""

    def __init__(self, amount, currency="EUR"):
        self.amount = Decimal(str(amount))
        self.currency = currency

    def _check(self, other):
        if not isinstance(other, Money) or other.currency != self.currency:
            raise TypeError(f"cannot combine {self!r} with {other!r}")

    def __add__(self, other):
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other):
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self):
        return Money(-self.amount, self.currency)

    def __eq__(self, other):
        return isinstance(other, Money) and (self.amount, self.currency) == (other.amount, other.currency)

    def __lt__(self, other):
        self._check(other)
        return self.amount < other.amount

    def __hash__(self):
        # Objects that compare equal must hash equal, so hash the same tuple we compare.
        return hash((self.amount, self.currency))

    def __bool__(self):
        return self.amount != 0

    def __repr__(self):
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self):
        return f"{self.amount:.2f} {self.currency}"


# --- The abstract account -----------------------------------------------------------------
class Account(ABC):
    """What every account has in common. ABC stops anyone creating a plain `Account()`."""

    _next_number = 1000  # a class attribute, shared by all accounts

    def __init__(self, owner, opening_balance=0):
        self.owner = owner
        self.number = Account._next_number
        Account._next_number += 1
        # Two leading underscores: Python renames this to `_Account__balance`, which keeps
        # subclasses (and careless callers) from trampling on it by accident.
        self.__balance = Money(opening_balance)
        self.__frozen = False
        self.history = []

    @property
    def balance(self):
        """Read-only from outside: `account.balance = ...` raises AttributeError."""
        return self.__balance

    @property
    def frozen(self):
        return self.__frozen

    @frozen.setter
    def frozen(self, value):
        # A setter lets us validate before we store.
        if not isinstance(value, bool):
            raise TypeError("frozen must be True or False")
        self.__frozen = value

    @abstractmethod
    def withdrawal_limit(self):
        """How far below zero this kind of account may go (a Money amount)."""

    @staticmethod
    def validate_amount(amount):
        # A static method needs neither the instance nor the class: it is just a helper
        # that lives here because it belongs with accounts.
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        return Money(amount)

    def deposit(self, amount):
        money = self.validate_amount(amount)
        self.__balance = self.__balance + money
        self.history.append(("deposit", money))

    def withdraw(self, amount):
        if self.__frozen:
            raise AccountFrozenError(f"account {self.number} is frozen")
        money = self.validate_amount(amount)
        available = self.__balance + self.withdrawal_limit()
        if available < money:
            raise InsufficientFundsError(money, available)
        self.__balance = self.__balance - money
        self.history.append(("withdraw", money))

    def __repr__(self):
        return f"{type(self).__name__}({self.owner!r}, balance={self.__balance})"


class AuditMixin:
    """A mixin adds one feature to any class it is mixed into: here, a printable audit log."""

    def audit(self):
        return [f"{kind:>8}: {money}" for kind, money in self.history]


class SavingsAccount(Account):
    def __init__(self, owner, opening_balance=0, rate=0.02):
        super().__init__(owner, opening_balance)  # let Account set up the common parts
        self.rate = rate

    def withdrawal_limit(self):
        return Money(0)  # savings can never go negative

    def add_interest(self):
        interest = self.balance.amount * Decimal(str(self.rate))
        if interest > 0:
            self.deposit(interest)


class CheckingAccount(AuditMixin, Account):
    """Multiple inheritance: the audit feature from the mixin, everything else from Account."""

    def __init__(self, owner, opening_balance=0, overdraft=100):
        super().__init__(owner, opening_balance)
        self.overdraft = overdraft

    def withdrawal_limit(self):
        return Money(self.overdraft)


# --- Moving money, with exception chaining ------------------------------------------------
class TransferError(BankError):
    pass


def transfer(source, target, amount):
    try:
        source.withdraw(amount)
    except BankError as error:
        # `from error` keeps the original cause in the traceback ("The above exception was
        # the direct cause of ..."), so nothing is lost while we add context.
        raise TransferError(f"transfer of {amount} from {source.owner} failed") from error
    else:
        target.deposit(amount)  # only runs when the withdrawal succeeded
    finally:
        print(f"  transfer attempt {source.owner} -> {target.owner}: {amount}")


def pay_all(account, bills):
    """Try every bill, then report every failure at once as an ExceptionGroup."""
    problems = []
    for name, amount in bills.items():
        try:
            account.withdraw(amount)
        except (BankError, ValueError) as error:
            error.add_note(f"while paying {name}")  # notes show up in tracebacks (3.11+)
            problems.append(error)
    if problems:
        raise ExceptionGroup("some bills could not be paid", problems)


def main():
    alice = SavingsAccount("Alice", 500)
    bob = CheckingAccount("Bob", 50)
    print(alice, bob, sep="\n")

    try:
        Account("Nobody")
    except TypeError as error:
        print("abstract classes cannot be created:", error)

    bob.withdraw(120)  # fine: Bob has a 100 overdraft
    print("Bob after overdraft:", bob.balance)

    try:
        transfer(alice, bob, 1000)
    except TransferError as error:
        print("caught:", error, "| cause:", repr(error.__cause__))

    alice.add_interest()
    print("Alice with interest:", alice.balance)

    # `except*` handles each kind of error inside the group separately.
    bob.frozen = False  # goes through the setter, which checks the value
    try:
        bob.frozen = "no"
    except TypeError as error:
        print("the setter refused:", error)
    try:
        pay_all(bob, {"rent": 900, "phone": 20, "typo": -5})
    except* InsufficientFundsError as group:
        for error in group.exceptions:
            print("  not enough money:", error, error.__notes__)
    except* ValueError as group:
        print("  bad amounts:", [str(error) for error in group.exceptions])

    print("Bob's audit log:", *bob.audit(), sep="\n")
    print("Money works like a number:", Money(5) + Money("2.50"), -Money(3), Money(1) < Money(2))


if __name__ == "__main__":
    main()
