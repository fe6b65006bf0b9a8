#!/usr/bin/env python3
"""N copies of a `kanbao extract` shard of `copies.py 1 CORPUS`, as the extract of
`copies.py N CORPUS` would write them: each copy's lines, sequence numbers and record ids shifted
by the copy's place (the findings of the same text are the same; `kanbao merge` numbers the
articles itself). Makes the merge's 3x and 10x inputs without extracting the text again.

    scale/shard_copies.py 10 ex1.jsonl > ex10.jsonl
"""
import re
import sys

ORDER = re.compile(rb'^\{"order":\{"file":(\d+),"line":(\d+),"n":(\d+)\}')
SOURCE = re.compile(rb'"source":\{"file":("(?:[^"\\]|\\.)*"),"line_start":(\d+),"line_end":(\d+)\}')
RECORD_ID = re.compile(rb'"id":"c0-(\d+)"')


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: shard_copies.py N SHARD.jsonl")
    copies, shard = int(sys.argv[1]), sys.argv[2]
    with open(shard, "rb") as f:
        lines = sum(1 for _ in f)
    out = sys.stdout.buffer
    for copy in range(copies):
        shift = copy * lines
        with open(shard, "rb") as f:
            for line in f:
                line = ORDER.sub(
                    lambda m: b'{"order":{"file":%s,"line":%d,"n":%d}'
                    % (m[1], int(m[2]) + shift, int(m[3]) + shift),
                    line,
                    count=1,
                )
                line = SOURCE.sub(
                    lambda m: b'"source":{"file":%s,"line_start":%d,"line_end":%d}'
                    % (m[1], int(m[2]) + shift, int(m[3]) + shift),
                    line,
                    count=1,
                )
                line = RECORD_ID.sub(b'"id":"c%d-\\1"' % copy, line, count=1)
                out.write(line)


if __name__ == "__main__":
    main()
