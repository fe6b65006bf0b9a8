"""kanbao on Spark: the per-article pass of an analysis (`kanbao extract`) on the executors,
written as Parquet shards partitioned by month; `kanbao merge OUTPUT -o STORE` then groups them
into a store folder that every kanbao command and the app open.

    spark-submit [--master ...] scale/kanbao_spark.py INPUT OUTPUT [--kanbao PATH]
    kanbao merge OUTPUT -o STORE

INPUT is a JSON Lines file (`.jsonl`, or `.jsonl.gz`, which Spark decompresses) or a folder of
them, on any filesystem Spark reads (file:, hdfs:, s3a:, ...). Articles keep the names the
kanbao loader gives them (INPUT as given, or INPUT/relative/path for a folder's files) and their
line numbers, so the merged store answers exactly as `kanbao index INPUT` would.

The kanbao binary (`--kanbao`, default: `kanbao` on PATH) is shipped to the executors with
`SparkContext.addFile` and run once per partition through a subprocess (`mapPartitions`), fed
the partition's lines; it uses `spark.task.cpus` threads.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

SCHEMA = StructType(
    [
        StructField("month", StringType(), False),
        StructField("file", IntegerType(), False),
        StructField("line", LongType(), False),
        StructField("n", LongType(), False),
        StructField("record", StringType(), False),
    ]
)

# The article's date in an extract record: the first `,"date":` key outside a string (inside
# strings every quote is escaped). Only the partition's month depends on it, never the result.
DATE = re.compile(rb',"date":(?:null|"(\d{4})-(\d{2})-)')

# What Spark's text reader can read of what the loader reads.
SUFFIXES = (".jsonl", ".jsonl.gz")


def input_files(spark, root):
    """(URI, name as the kanbao loader gives it) of each JSON Lines file of `root`, in the
    loader's order: a folder walked with each level sorted by name, hidden entries skipped."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(root)
    fs = path.getFileSystem(conf)
    status = fs.getFileStatus(path)
    if not status.isDirectory():
        return [(status.getPath().toString(), root)]
    base = status.getPath().toString().rstrip("/") + "/"
    found = []
    files = fs.listFiles(path, True)
    while files.hasNext():
        uri = files.next().getPath().toString()
        rel = uri[len(base):] if uri.startswith(base) else uri.rsplit("/", 1)[-1]
        parts = tuple(rel.split("/"))
        if any(p.startswith(".") for p in parts):
            continue
        lower = rel.lower()
        if lower.endswith(SUFFIXES):
            found.append((parts, uri, os.path.join(root, *parts)))
        elif lower.endswith((".xz", ".txt", ".md", ".json")):
            sys.exit(
                f"kanbao_spark: {uri}: Spark reads JSON Lines (.jsonl, .jsonl.gz) only; "
                "decompress .xz files, and run `kanbao extract` on page dumps and JSON arrays"
            )
    found.sort(key=lambda f: [p.encode() for p in f[0]])
    return [(uri, name) for _, uri, name in found]


def extract_partition(kanbao, name, rank, threads):
    """The function a partition of (line, index) pairs of one file goes through: its lines
    piped into `kanbao extract`, one row per article out."""

    def run(pairs):
        pairs = iter(pairs)
        first = next(pairs, None)
        if first is None:
            return
        binary = SparkFiles.get(kanbao) if not os.path.isabs(kanbao) else kanbao
        if not os.access(binary, os.X_OK):
            os.chmod(binary, 0o755)
        command = [
            binary, "extract", "--name", name,
            "--file-rank", str(rank), "--lines-before", str(first[1]),
        ]
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env,
        )
        failure = []
        errors = []

        def feed():
            try:
                expected = first[1]
                proc.stdin.write(first[0] + b"\n")
                for line, index in pairs:
                    expected += 1
                    if index != expected:
                        raise RuntimeError(f"lines out of order: {index} after {expected - 1}")
                    proc.stdin.write(line + b"\n")
            except Exception as e:  # noqa: BLE001 (reported after the process ends)
                failure.append(e)
            finally:
                try:
                    proc.stdin.close()
                except OSError:
                    pass

        def drain():
            errors.append(proc.stderr.read())

        feeder = threading.Thread(target=feed, daemon=True)
        reader = threading.Thread(target=drain, daemon=True)
        feeder.start()
        reader.start()
        for out in proc.stdout:
            record = out.rstrip(b"\n")
            date = DATE.search(record)
            month = "undated"
            if date and date.group(1):
                month = f"{date.group(1).decode()}-{date.group(2).decode()}"
            order = re.match(rb'\{"order":\{"file":(\d+),"line":(\d+),"n":(\d+)\}', record)
            yield (
                month,
                int(order.group(1)),
                int(order.group(2)),
                int(order.group(3)),
                record.decode("utf-8"),
            )
        feeder.join()
        reader.join()
        code = proc.wait()
        if failure or code != 0:
            stderr = b"".join(errors).decode("utf-8", "replace").strip()
            raise RuntimeError(f"kanbao extract failed ({code}): {failure or ''} {stderr}")

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="a JSON Lines file or a folder of them")
    parser.add_argument("output", help="the folder of Parquet shards to write (replaced)")
    parser.add_argument("--kanbao", default=shutil.which("kanbao") or "kanbao",
                        help="the kanbao binary to ship to the executors")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions per file, at least (default: the default parallelism)")
    args = parser.parse_args()
    if not os.path.isfile(args.kanbao):
        sys.exit(f"kanbao_spark: no kanbao binary at {args.kanbao} (give --kanbao PATH)")

    spark = SparkSession.builder.appName("kanbao extract").getOrCreate()
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.kanbao))
    shipped = os.path.basename(args.kanbao)
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or sc.defaultParallelism

    files = input_files(spark, args.input)
    if not files:
        sys.exit(f"kanbao_spark: no JSON Lines files in {args.input}")
    parts = []
    for rank, (uri, name) in enumerate(files):
        lines = sc.textFile(uri, minPartitions=partitions, use_unicode=False).zipWithIndex()
        parts.append(lines.mapPartitions(extract_partition(shipped, name, rank, threads)))
    rows = sc.union(parts) if len(parts) > 1 else parts[0]
    (spark.createDataFrame(rows, SCHEMA)
        .write.mode("overwrite")
        .partitionBy("month")
        .parquet(args.output))
    spark.stop()


if __name__ == "__main__":
    main()
