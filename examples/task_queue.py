"""A task queue, first with threads, then with processes.

Run it with `python3 task_queue.py`. Things to look for:
- threads share memory, so a Lock protects the shared counter,
- a Semaphore lets only two "printers" work at the same time,
- an Event tells the workers to stop, a Barrier makes them start together,
- queue.Queue hands jobs from one thread to another safely,
- processes do NOT share memory: they talk through a Pipe, a multiprocessing Queue
  or a shared Value, and a Pool spreads CPU-heavy work over the cores.

Threads suit waiting (network, disk); processes suit number crunching, because only one
thread at a time runs Python code in CPython (the GIL).
"""

import multiprocessing
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# --- Threads ------------------------------------------------------------------------------
print_lock = threading.Lock()  # so lines from different threads do not interleave


def say(*parts):
    with print_lock:
        print(*parts)


class PrintShop:
    def __init__(self, printers=2, workers=4):
        self.jobs = queue.Queue()
        self.done = 0
        self.done_lock = threading.Lock()
        self.printers = threading.Semaphore(printers)  # at most `printers` jobs at once
        self.closing = threading.Event()
        self.ready = threading.Barrier(workers)  # everyone waits until all workers exist
        self.workers = [
            threading.Thread(target=self.work, name=f"worker-{n}", daemon=True) for n in range(workers)
        ]

    def work(self):
        self.ready.wait()
        # Keep going until we are told to close AND the queue is empty.
        while not (self.closing.is_set() and self.jobs.empty()):
            try:
                job = self.jobs.get(timeout=0.05)
            except queue.Empty:
                continue
            with self.printers:  # acquire a printer; released automatically afterwards
                time.sleep(0.01)  # pretend to print
                say(f"  {threading.current_thread().name} printed {job!r}")
            with self.done_lock:  # `self.done += 1` is not atomic: read, add, write
                self.done += 1
            self.jobs.task_done()

    def run(self, documents):
        for worker in self.workers:
            worker.start()
        for document in documents:
            self.jobs.put(document)
        self.jobs.join()  # wait until every job has called task_done()
        self.closing.set()
        for worker in self.workers:
            worker.join()
        return self.done


class Heartbeat(threading.Thread):
    """Subclassing Thread: put the thread's work in run()."""

    def __init__(self, beats, interval):
        super().__init__(daemon=True)
        self.beats = beats
        self.interval = interval

    def run(self):
        for beat in range(1, self.beats + 1):
            say(f"  heartbeat {beat}")
            time.sleep(self.interval)


def urgent_first():
    """A PriorityQueue always hands out the smallest item first."""
    tasks = queue.PriorityQueue()
    for priority, name in [(3, "water plants"), (1, "fix the build"), (2, "answer email")]:
        tasks.put((priority, name))
    return [tasks.get()[1] for _ in range(tasks.qsize())]


def thread_demo():
    print("Threads:")
    shop = PrintShop()
    heartbeat = Heartbeat(beats=2, interval=0.02)
    heartbeat.start()
    done = shop.run([f"report-{n}.pdf" for n in range(6)])
    heartbeat.join()
    print(f"  {done} jobs printed")

    threading.Timer(0.01, say, args=("  (a Timer thread says hello a little later)",)).start()
    time.sleep(0.05)

    # A Condition lets one thread wait until another says "something changed".
    cookies = []
    oven = threading.Condition()

    def baker():
        with oven:
            cookies.append("cookie")
            oven.notify()

    with oven:
        threading.Thread(target=baker).start()
        oven.wait_for(lambda: cookies, timeout=1)
    print("  the condition saw:", cookies)

    # A thread pool reuses a few threads for many small tasks.
    with ThreadPoolExecutor(max_workers=3) as pool:
        lengths = list(pool.map(len, ["alpha", "beta", "gamma"]))
    print("  thread pool results:", lengths, "| priorities:", urgent_first())


# --- Processes ----------------------------------------------------------------------------
# Functions run in other processes must live at module level, so they can be found by name.
def count_primes(limit):
    return sum(1 for n in range(2, limit) if all(n % d for d in range(2, int(n**0.5) + 1)))


def pipe_worker(connection):
    numbers = connection.recv()
    connection.send(sum(numbers))
    connection.close()


def tally(counter, results, amount):
    with counter.get_lock():  # a shared Value comes with its own lock
        counter.value += amount
    results.put(f"added {amount}")


def process_demo():
    print("Processes:")
    with multiprocessing.Pool(processes=2) as pool:
        print("  primes below 2000, 4000, 6000:", pool.map(count_primes, [2000, 4000, 6000]))

    parent_end, child_end = multiprocessing.Pipe()
    child = multiprocessing.Process(target=pipe_worker, args=(child_end,))
    child.start()
    parent_end.send([1, 2, 3, 4])
    print("  the child process summed:", parent_end.recv())
    child.join()

    counter = multiprocessing.Value("i", 0)  # "i" = a C int that every process can see
    results = multiprocessing.Queue()
    helpers = [multiprocessing.Process(target=tally, args=(counter, results, n)) for n in (10, 20, 30)]
    for helper in helpers:
        helper.start()
    messages = sorted(results.get(timeout=5) for _ in helpers)
    for helper in helpers:
        helper.join()
    print("  shared counter:", counter.value, messages)


if __name__ == "__main__":  # required for multiprocessing on Windows and macOS
    thread_demo()
    process_demo()
