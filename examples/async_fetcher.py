"""Fetch many pages at once with asyncio, then scrape their titles.

`python3 async_fetcher.py` uses a fake network (asyncio.sleep), so it runs anywhere and fast.
`python3 async_fetcher.py --live https://example.org ...` fetches real pages with httpx if it
is installed, or with urllib.request in worker threads if not.

Things to look for:
- `async def` coroutines and `await`,
- asyncio.gather, TaskGroup, create_task, wait_for and as_completed,
- a Semaphore that limits how many requests run at once,
- `async with` (an async context manager) and `async for` (an async iterator),
- an asyncio.Queue between a producer and consumers, an Event and a Lock.
"""

import argparse
import asyncio
import random
import re
import time
import urllib.request
from contextlib import asynccontextmanager

try:  # third-party HTTP and HTML libraries: nice to have, not required
    import httpx
except ImportError:
    httpx = None
try:
    from bs4 import BeautifulSoup
except ImportError:
    BeautifulSoup = None

FAKE_SITES = {
    f"https://example.com/page/{n}": f"<html><head><title>Page number {n}</title></head></html>"
    for n in range(1, 9)
}


# --- The "network" ---------------------------------------------------------------------------
async def fake_fetch(url):
    """Pretend to download `url`: waiting costs nothing, other coroutines run meanwhile."""
    await asyncio.sleep(random.uniform(0.01, 0.05))
    if url not in FAKE_SITES:
        raise LookupError(f"404 for {url}")
    return FAKE_SITES[url]


async def live_fetch(url):
    if httpx is not None:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(url)
            return response.text
    # urllib is blocking, so run it in a worker thread to keep the event loop free.
    return await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=10).read().decode())


def title_of(html):
    if BeautifulSoup is not None:
        soup = BeautifulSoup(html, "html.parser")
        return soup.title.string if soup.title else "?"
    match = re.search(r"<title>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    return match.group(1).strip() if match else "?"


class Session:
    """An async context manager: `async with Session() as s:` opens and closes it for us."""

    def __init__(self, fetch, limit=3):
        self.fetch_page = fetch
        self.limit = asyncio.Semaphore(limit)  # at most `limit` downloads at the same time
        self.stats_lock = asyncio.Lock()
        self.fetched = 0

    async def __aenter__(self):
        print("session opened")
        return self

    async def __aexit__(self, exc_type, exc, traceback):
        print(f"session closed after {self.fetched} pages")
        return False  # do not swallow exceptions

    async def get(self, url):
        async with self.limit:
            html = await self.fetch_page(url)
        async with self.stats_lock:
            self.fetched += 1
        return html


class Countdown:
    """An async iterator: `async for` calls __anext__ and awaits it each time."""

    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.current -= 1
        return self.current + 1


@asynccontextmanager
async def stopwatch(label):
    start = time.perf_counter()
    try:
        yield
    finally:
        print(f"[{label}: {time.perf_counter() - start:.3f} s]")


# --- Different ways to run many coroutines ---------------------------------------------------
async def with_gather(session, urls):
    # gather runs them all concurrently and returns results in the order of `urls`.
    pages = await asyncio.gather(*(session.get(url) for url in urls), return_exceptions=True)
    return {url: page if isinstance(page, Exception) else title_of(page) for url, page in zip(urls, pages)}


async def with_task_group(session, urls):
    # A TaskGroup (3.11+) waits for all its tasks and cancels the rest if one fails.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(session.get(url)) for url in urls]
    return [title_of(task.result()) for task in tasks]


async def first_finished(session, urls):
    # as_completed yields the results in the order they finish, not the order asked.
    order = []
    for next_done in asyncio.as_completed([session.get(url) for url in urls]):
        order.append(title_of(await next_done))
    return order


async def crawl_with_queue(session, urls, workers=2):
    todo = asyncio.Queue()
    finished = asyncio.Event()
    titles = []

    async def worker(name):
        while True:
            url = await todo.get()
            titles.append((name, title_of(await session.get(url))))
            todo.task_done()

    for url in urls:
        todo.put_nowait(url)
    tasks = [asyncio.create_task(worker(f"w{n}")) for n in range(workers)]
    await todo.join()  # every url has been handled
    finished.set()
    for task in tasks:
        task.cancel()  # the workers loop forever, so stop them
    await asyncio.gather(*tasks, return_exceptions=True)
    return finished.is_set(), titles


async def main(live_urls=None):
    fetch = live_fetch if live_urls else fake_fetch
    urls = live_urls or list(FAKE_SITES)
    broken = [] if live_urls else ["https://example.com/missing"]  # to show a failure
    async with Session(fetch) as session, stopwatch("all downloads"):
        print("gather:", await with_gather(session, urls[:2] + broken))
        print("task group:", await with_task_group(session, urls[2:5]))
        print("as completed:", await first_finished(session, urls[5:8]))
        print("queue:", await crawl_with_queue(session, urls[:4]))
        try:
            await asyncio.wait_for(asyncio.sleep(1), timeout=0.01)
        except TimeoutError:
            print("wait_for gave up after 0.01 s, as asked")
    print("countdown:", [n async for n in Countdown(3)])  # an async comprehension
    async for n in Countdown(2):
        print("  tick", n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", nargs="+", metavar="URL", help="fetch real pages instead")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.live))
