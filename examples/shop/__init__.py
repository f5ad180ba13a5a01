"""The `shop` package: a folder with an __init__.py is a package.

From the examples folder, try:
    python3 -c "import shop; shop.demo()"
    python3 shop/inventory.py

Inside a package, a leading dot means "from this package": `from .inventory import X` finds
shop/inventory.py wherever the package is installed, without spelling out its full name.
"""

try:
    from . import inventory
    from .inventory import Inventory, Product, sample_inventory
except ImportError:
    # Relative imports need a parent package: this file was run directly as a script
    # (`python3 shop/__init__.py`) instead of being imported as `shop`.
    inventory = None

__all__ = ["Inventory", "Product", "sample_inventory", "demo"]


def demo():
    inventory.main([])


if __name__ == "__main__":
    print(__doc__)
