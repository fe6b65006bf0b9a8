#!/usr/bin/env python3
"""N concatenated copies of a JSON Lines corpus on standard output, each record given an `id`
distinct across copies (`c<copy>-<line>`), streamed: the scale runs' inputs
(scale/README.md, "Where the merge stops scaling").

    scale/copies.py 10 /work/shared/data/big/xwlb.jsonl.xz | kanbao extract --name big10.jsonl
"""
import lzma
import sys


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: copies.py N CORPUS(.jsonl or .jsonl.xz)")
    copies, corpus = int(sys.argv[1]), sys.argv[2]
    out = sys.stdout.buffer
    for copy in range(copies):
        opener = lzma.open if corpus.endswith(".xz") else open
        with opener(corpus, "rb") as lines:
            for n, line in enumerate(lines):
                body = line.rstrip()
                if not body.endswith(b"}"):
                    out.write(line)
                    continue
                tail = b"" if body == b"{}" else b", "
                out.write(body[:-1] + tail + b'"id": "c%d-%d"}\n' % (copy, n))


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
