"""tidy_folder: sort the files of a folder into sub-folders by type. A small automation script.

    python3 tidy_folder.py                  # tidy a demo folder made in a temporary directory
    python3 tidy_folder.py ~/Downloads -n   # show what would move, without moving (dry run)
    python3 tidy_folder.py ~/Downloads --archive --upload my-bucket   # zip it, send to S3
    python3 tidy_folder.py ~/Downloads --watch   # keep tidying as files arrive (watchdog)

Things to look for: argparse for the command line, logging instead of print for messages,
pathlib and shutil for files, subprocess to run another program, os and sys, ctypes to call
a C function, and `if __name__ == "__main__":` so that importing this file runs nothing.
"""

import argparse
import ctypes
import ctypes.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:  # optional extras: each one is only needed by one flag
    import boto3  # --upload: the AWS SDK
except ImportError:
    boto3 = None
try:
    import psutil  # nicer system numbers
except ImportError:
    psutil = None
try:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer  # --watch
except ImportError:
    Observer = None

# One logger per module; its name shows up in every message.
log = logging.getLogger("tidy_folder")

CATEGORIES = {
    "images": {".png", ".jpg", ".jpeg", ".gif", ".svg"},
    "documents": {".pdf", ".txt", ".md", ".docx", ".odt"},
    "code": {".py", ".rs", ".js", ".html", ".css"},
    "archives": {".zip", ".tar", ".gz"},
}


def category_of(path: Path) -> str:
    suffix = path.suffix.lower()
    for category, suffixes in CATEGORIES.items():
        if suffix in suffixes:
            return category
    return "other"


def tidy(folder: Path, dry_run: bool = False) -> int:
    moved = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue  # leave folders and hidden files alone
        target = folder / category_of(path) / path.name
        if target.exists():
            log.warning("skipping %s: %s already exists", path.name, target)
            continue
        log.info("%s %s -> %s/", "would move" if dry_run else "moving", path.name, target.parent.name)
        if not dry_run:
            target.parent.mkdir(exist_ok=True)
            shutil.move(path, target)
        moved += 1
    return moved


def make_demo_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="tidy-demo-"))
    for name in ["holiday.jpg", "notes.md", "script.py", "report.pdf", "backup.zip", "mystery.bin"]:
        (folder / name).write_text(f"pretend this is {name}\n", encoding="utf-8")
    log.debug("demo folder created at %s", folder)
    return folder


def archive(folder: Path) -> Path:
    # make_archive zips a whole folder in one call.
    return Path(shutil.make_archive(str(folder), "zip", root_dir=folder))


def upload(archive_path: Path, bucket: str) -> None:
    if boto3 is None:
        sys.exit("--upload needs boto3: pip install boto3")
    boto3.client("s3").upload_file(str(archive_path), bucket, archive_path.name)
    log.info("uploaded %s to s3://%s/", archive_path.name, bucket)


def watch(folder: Path) -> None:
    if Observer is None:
        sys.exit("--watch needs watchdog: pip install watchdog")

    class TidyOnChange(FileSystemEventHandler):
        def on_created(self, event):
            tidy(folder)

    observer = Observer()
    observer.schedule(TidyOnChange(), str(folder))
    observer.start()
    log.info("watching %s, press Ctrl+C to stop", folder)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        observer.stop()
    observer.join()


def system_report(folder: Path) -> None:
    usage = psutil.disk_usage(str(folder)) if psutil else shutil.disk_usage(folder)
    log.info("disk: %.1f GiB free of %.1f GiB", usage.free / 2**30, usage.total / 2**30)
    # Run another program and capture what it prints. A list of arguments (not one string)
    # means no shell is involved, so file names with spaces or `;` cannot cause trouble.
    result = subprocess.run([sys.executable, "--version"], capture_output=True, text=True, check=True)
    log.info("child process says: %s", result.stdout.strip())
    log.info("running as pid %d in %s, user %s", os.getpid(), os.getcwd(), os.environ.get("USER", "?"))
    # ctypes calls straight into the C library; getpid() there agrees with os.getpid().
    libc_name = ctypes.util.find_library("c")
    if libc_name and os.name == "posix":
        libc = ctypes.CDLL(libc_name)
        log.info("libc getpid() says %d too", libc.getpid())


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Sort the files of a folder into sub-folders.")
    parser.add_argument("folder", nargs="?", type=Path, help="folder to tidy (default: a demo folder)")
    parser.add_argument("-n", "--dry-run", action="store_true", help="only show what would happen")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="-v for more detail")
    parser.add_argument("--archive", action="store_true", help="zip the folder afterwards")
    parser.add_argument("--upload", metavar="BUCKET", help="upload the zip to this S3 bucket")
    parser.add_argument("--watch", action="store_true", help="keep watching for new files")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    logging.basicConfig(
        level=logging.DEBUG if arguments.verbose else logging.INFO,
        format="%(levelname)-7s %(name)s: %(message)s",
    )
    folder = arguments.folder or make_demo_folder()
    if not folder.is_dir():
        log.error("%s is not a folder", folder)
        return 2  # a non-zero exit status tells the shell something went wrong

    moved = tidy(folder, dry_run=arguments.dry_run)
    log.info("%d file(s) %s", moved, "to move" if arguments.dry_run else "moved")
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        log.info("  %-10s %s", sub.name + "/", ", ".join(sorted(f.name for f in sub.iterdir())))
    system_report(folder)

    if arguments.archive or arguments.upload:
        zip_path = archive(folder)
        log.info("archived to %s", zip_path)
        if arguments.upload:
            upload(zip_path, arguments.upload)
    if arguments.watch:
        watch(folder)
    if arguments.folder is None:
        shutil.rmtree(folder)  # clean up the demo folder
    return 0


if __name__ == "__main__":
    sys.exit(main())
