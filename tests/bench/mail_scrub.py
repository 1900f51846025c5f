"""Time address scrubbing and the whole reading of 4 MB hostile replies (issue 30, item 8).

``python -m tests.bench.mail_scrub`` writes each mail to a temporary folder, then prints, per mail, the time
of ``scrub_addresses`` on its body text alone and of ``read_path`` (parse, text, quotes, scrubbing) on the
file; the best of ``--repeat`` runs. Target: scrubbing under 1 s each; the whole reading is linear.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from plugins.comments.mail import MAX_MESSAGE_BYTES, Refused, read_path
from plugins.comments.replytext import scrub_addresses

SIZE = MAX_MESSAGE_BYTES - 4096  # the largest reply inbox reads, headers included


def body_of(pattern: str, size: int = SIZE) -> str:
    """``pattern`` repeated to ``size`` bytes of UTF-8, in lines of 76 characters as mail programs send."""
    characters = size * len(pattern) * 76 // (len(pattern.encode()) * 77)
    text = (pattern * (characters // len(pattern) + 1))[:characters]
    return "\n".join(text[start : start + 76] for start in range(0, len(text), 77))


def plain_mail(body: str, subject: str = "Re: IVIG [comment ivig-month-1]") -> bytes:
    return (
        f"From: Reader <reader@mail.example.net>\nSubject: {subject}\nMessage-ID: <bench@mail.example.net>\n"
        "Date: Mon, 14 Jan 2019 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}\n"
    ).encode()


def html_mail(html: str) -> bytes:
    return (
        "From: Reader <reader@mail.example.net>\nSubject: Re: IVIG [comment ivig-month-1]\n"
        "Message-ID: <bench@mail.example.net>\nContent-Type: text/html; charset=utf-8\n\n" + html
    ).encode()


def headers_at_their_limits() -> bytes:
    """The slowest shapes of header for the standard library's parser, each as long as the inbox lets it be,
    together as long as it lets them be, and many parts."""
    sender = '"' + "a " * 490 + "<a@b.example>"  # an unclosed quote
    subject = "=?utf-8?q?a?= " * 285  # encoded words
    content_type = 'multipart/mixed; boundary="b"; ' + "a=b; " * 190  # parameters
    parts = "".join(f"--b\nContent-Type: {content_type[16:]}\n\nx\n" for _ in range(5))
    parts += "".join("--b\nContent-Type: application/x-a\n\nx\n" for _ in range(190))
    return (
        f"From: {sender}\nSubject: {subject}\nMessage-ID: <limits@mail.example.net>\n"
        f"Date: Mon, 14 Jan 2019 10:00:00 +0000\nContent-Type: {content_type}\n\n"
        f"--b\nContent-Type: text/plain\n\nHello.\n{parts}--b--\n"
    ).encode()


def mails() -> dict[str, tuple[str, bytes]]:
    """name -> (the body text scrubbed alone, the whole mail)."""
    words = body_of("maria.reader.example.net ")
    runs = "a.b-c_" * (SIZE // 6)  # one 4 MB run of local-part characters: what made the old pattern quadratic
    ats = body_of("a@")
    addresses = body_of("write to dana.whitfield@gmail.example or (maria＠exämple.org) ")
    joined = body_of("m\u200ba\u200dr\u2060i\ufeffa@example.net ")
    header = "a.b-" * 150_000 + "@"  # one 600 KB run of local-part characters, then an at sign
    return {
        "headers at their limits, 200 parts": ("", headers_at_their_limits()),
        "4 MB of words, no @": (words, plain_mail(words)),
        "4 MB of HTML, 800,000 <br>": ("", html_mail("x<br>" * (SIZE // 5 - 40))),
        "4 MB line 'Am schrieb schrieb ...' (one line)": ("", plain_mail("Am " + "schrieb " * (SIZE // 8 - 1))),
        "4 MB line 'Sent from my a      ...!' (one line)": ("", plain_mail("Sent from my a" + " " * (SIZE - 20) + "!")),
        "4 MB of one local-part run, then @": (runs + "@", plain_mail(runs[: SIZE - 1] + "@")),
        "4 MB of a@a@a@": (ats, plain_mail(ats)),
        "4 MB of addresses (ASCII, IDN, fullwidth)": (addresses, plain_mail(addresses)),
        "4 MB of addresses split by zero-width characters": (joined, plain_mail(joined)),
        "600 KB subject + 3.4 MB body": (header, plain_mail(body_of("a.b-", SIZE - 600_200), subject=header)),
    }


def best(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (the best is printed)")
    arguments = parser.parse_args(argv)
    slowest_scrub = slowest_read = 0.0
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'mail':50} {'bytes':>10} {'scrub':>8} {'read_path':>10}")
        for name, (text, raw) in mails().items():
            path = Path(folder) / "reply.eml"
            path.write_bytes(raw)
            scrub = best(lambda text=text: scrub_addresses(text), arguments.repeat)
            read = best(lambda path=path: list(read_path(path)), arguments.repeat)
            [item] = list(read_path(path))
            refused = f"  (refused: {item.reason})" if isinstance(item, Refused) else ""
            print(f"{name:50} {len(raw):>10,} {scrub:>7.3f}s {read:>9.3f}s{refused}")
            slowest_scrub, slowest_read = max(slowest_scrub, scrub), max(slowest_read, read)
    print(f"slowest scrubbing: {slowest_scrub:.3f} s (target: under 1 s); slowest whole reading: {slowest_read:.3f} s")
    return 0 if slowest_scrub < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
