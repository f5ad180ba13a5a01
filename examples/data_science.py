"""House prices: the same small analysis with the data-science stack, or without it.

`python3 data_science.py` always works: each library is optional, and when one is missing the
standard library's `statistics` module does the job instead (more slowly on big data).
`python3 data_science.py --plot prices.png` also draws a chart, if matplotlib is installed.

    pip install numpy pandas matplotlib scipy scikit-learn

Things to look for: the usual import names (`np`, `pd`, `plt`), a DataFrame grouped by a
column, a straight-line fit three ways (numpy, scikit-learn, statistics), a correlation
with its p-value from scipy, and ImportError used to make a dependency optional.
"""

import argparse
import statistics

try:
    import numpy as np
except ImportError:
    np = None
try:
    import pandas as pd
except ImportError:
    pd = None
try:
    import matplotlib

    matplotlib.use("Agg")  # draw into files, no window needed
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
try:
    from scipy import stats
except ImportError:
    stats = None
try:
    from sklearn.linear_model import LinearRegression
except ImportError:
    LinearRegression = None

# (district, size in m², price in thousands)
HOUSES = [
    ("north", 48, 151), ("north", 62, 190), ("north", 75, 228), ("north", 90, 262),
    ("south", 40, 118), ("south", 55, 150), ("south", 70, 199), ("south", 85, 231),
    ("centre", 35, 160), ("centre", 50, 215), ("centre", 65, 268), ("centre", 80, 330),
]
SIZES = [size for _, size, _ in HOUSES]
PRICES = [price for _, _, price in HOUSES]


def summary():
    if pd is not None:
        frame = pd.DataFrame(HOUSES, columns=["district", "size", "price"])
        frame["price_per_m2"] = frame["price"] * 1000 / frame["size"]  # a whole column at once
        return frame.groupby("district")["price_per_m2"].mean().round().astype(int).to_dict()
    by_district = {}
    for district, size, price in HOUSES:
        by_district.setdefault(district, []).append(price * 1000 / size)
    return {district: round(statistics.mean(values)) for district, values in sorted(by_district.items())}


def fit_line():
    """Price = slope * size + intercept, the "line of best fit"."""
    if LinearRegression is not None:
        model = LinearRegression().fit([[size] for size in SIZES], PRICES)  # X must be 2-D
        return "scikit-learn", float(model.coef_[0]), float(model.intercept_)
    if np is not None:
        slope, intercept = np.polyfit(np.array(SIZES), np.array(PRICES), deg=1)
        return "numpy", float(slope), float(intercept)
    slope, intercept = statistics.linear_regression(SIZES, PRICES)
    return "statistics", slope, intercept


def correlation():
    if stats is not None:
        r, p_value = stats.pearsonr(SIZES, PRICES)
        return f"r = {r:.2f} (p = {p_value:.4f}, from scipy)"
    return f"r = {statistics.correlation(SIZES, PRICES):.2f} (statistics has no p-value)"


def plot(path, slope, intercept):
    if plt is None:
        print("plotting needs matplotlib: pip install matplotlib")
        return
    figure, axes = plt.subplots(figsize=(6, 4))
    for district in sorted({district for district, _, _ in HOUSES}):
        points = [(size, price) for d, size, price in HOUSES if d == district]
        axes.scatter(*zip(*points), label=district)
    axes.plot([30, 95], [slope * 30 + intercept, slope * 95 + intercept], "k--", label="best fit")
    axes.set(xlabel="size (m²)", ylabel="price (k€)", title="House prices")
    axes.legend()
    figure.savefig(path, dpi=100)
    print("chart saved to", path)


def main():
    parser = argparse.ArgumentParser(description="A tiny house-price analysis.")
    parser.add_argument("--plot", metavar="FILE.png", help="save a scatter plot")
    arguments = parser.parse_args()

    print("libraries found:", [name for name, module in
                               [("numpy", np), ("pandas", pd), ("matplotlib", plt), ("scipy", stats),
                                ("scikit-learn", LinearRegression)] if module is not None] or "none")
    print("price per m² by district:", summary())
    tool, slope, intercept = fit_line()
    print(f"best fit ({tool}): price ≈ {slope:.2f} k€ per m² + {intercept:.1f} k€")
    print(f"so 100 m² should cost about {slope * 100 + intercept:.0f} k€")
    print("size and price correlate:", correlation())
    if arguments.plot:
        plot(arguments.plot, slope, intercept)


if __name__ == "__main__":
    main()
