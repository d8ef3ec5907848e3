#!/usr/bin/env bash
# Where a JFR recording's CPU went: top frames by self and by total, and the shares of the
# scoring pass's stages (Parquet read, encoding, forward pass, output write, Spark), from
# jdk.ExecutionSample (threads running Java) and jdk.NativeMethodSample (threads inside a native
# method: libtorch's forward pass is there), each sample weighted by its event's period (10 ms and
# 20 ms in JDK 17's settings=profile).
#
#   DEEPSCORE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/score.jfr,settings=profile \
#     -XX:FlightRecorderOptions=stackdepth=256" ./deepscore score --model B --input RAW ...
#   bench/jfr-top.sh /tmp/score.jfr                       # Spark task threads only (the pass)
#   THREADS=all TOP=40 bench/jfr-top.sh /tmp/score.jfr    # every thread, 40 rows per table
#   FOCUS='UTF8String.fromBytes' DEPTH=10 bench/jfr-top.sh /tmp/score.jfr   # who calls it
#
# Environment: THREADS  regex on the sampled thread's name (default: Spark's task threads);
#   TOP  rows per table (25); JAVA_PERIOD_MS / NATIVE_PERIOD_MS  the recording's sampling periods
#   (10 / 20); FOCUS  regex on a frame: also print the most frequent call paths from the first
#   (leaf-most) frame matching it, DEPTH (8) frames each; EXCLUDE  regex on a frame: leave out
#   the samples with a frame matching it (e.g. EXCLUDE=FeaturePass: the scoring pass alone). Native samples of a thread blocked in a native call (socket read, poll) count too:
#   keep THREADS on the task threads, which block in Java, not in native code.
set -euo pipefail

file="${1:?usage: bench/jfr-top.sh RECORDING.jfr}"
threads="${THREADS:-Executor task launch worker}"
[[ "$threads" == all ]] && threads='.*'
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
jfr print --stack-depth 256 --events jdk.ExecutionSample "$file" >"$tmp/java.txt"
jfr print --stack-depth 256 --events jdk.NativeMethodSample "$file" >"$tmp/native.txt"

/usr/bin/python3 - "$tmp/java.txt" "$tmp/native.txt" "$threads" "${TOP:-25}" \
  "${JAVA_PERIOD_MS:-10}" "${NATIVE_PERIOD_MS:-20}" "${FOCUS:-}" "${DEPTH:-8}" "${EXCLUDE:-}" <<'EOF'
import collections, re, sys

java_file, native_file, thread_re, top, java_ms, native_ms, focus, depth, exclude = sys.argv[1:10]
depth = int(depth)
exclude_re = re.compile(exclude) if exclude else None
thread_re, top = re.compile(thread_re), int(top)

# The stage a sample belongs to: the first rule, walking from the leaf frame towards the thread's
# root, whose pattern matches a frame. Leaf first, because the stages nest (the Parquet writer
# pulls rows through our pipeline, which pulls them through the Parquet reader).
RULES = [
    ("forward: input buffers (translator)", r"io\.deepscore\.model\.djl\.EncodedBatchTranslator\.processInput"),
    ("forward: DJL + libtorch (JNI)", r"^ai\.djl\."),
    ("encoding (Encoder, Utf8Analyzer, ByteTokenIndex)", r"^io\.deepscore\.features\."),
    ("pipeline row access (Utf8Cell, RawRowLayout)", r"io\.deepscore\.spark\.partition\.(Utf8Cell|RawRowLayout)"),
    ("output: our writer (TaggedWriter, ScoreRows)", r"io\.deepscore\.spark\.(partition\.TaggedWriter|score\.ScoreRows)"),
    ("output write (Parquet, incl. compression)", r"org\.apache\.parquet\.hadoop\.(InternalParquetRecordWriter|ColumnChunkPageWriteStore|ParquetRecordWriter|ParquetFileWriter|CodecFactory\$HeapBytesCompressor)|org\.apache\.parquet\.column\.impl\.ColumnWrite|ParquetWriteSupport|ParquetOutputWriter"),
    ("output write (JSON rejects)", r"JacksonGenerator|JsonOutputWriter"),
    ("Parquet read + conversion to rows", r"org\.apache\.parquet\.|datasources\.parquet\.|VectorizedColumnReader|ColumnarBatch|ColumnVector|FileScanRDD"),
    ("persist cache (columnar batches)", r"execution\.columnar\.|CachedRDDBuilder|storage\.memory\.MemoryStore|storage\.BlockManager"),
    ("Spark: projections and codegen", r"GeneratedClass|UnsafeProjection|UnsafeRowWriter|UnsafeArrayWriter|InterpretedUnsafeProjection|UnsafeRow\."),
]
RULES = [(name, re.compile(p)) for name, p in RULES]

def samples(path, weight):
    thread, frames, in_stack = None, [], False
    with open(path) as f:
        for line in f:
            s = line.strip()
            if s.startswith("sampledThread = "):
                thread = s[len("sampledThread = "):].split('" (')[0].strip('"')
            elif s.startswith("stackTrace = ["):
                in_stack, frames = True, []
            elif in_stack and s == "]":
                in_stack = False
                if thread is not None and thread_re.search(thread) and frames and not (
                    exclude_re and any(exclude_re.search(fr) for fr in frames)):
                    yield frames, weight
            elif in_stack and s != "...":
                frames.append(re.sub(r"\s+line: \d+$", "", s))

by_self, by_total, stages = collections.Counter(), collections.Counter(), collections.Counter()
paths = collections.Counter()
focus_re = re.compile(focus) if focus else None
kinds = collections.Counter()
total = 0.0
for path, weight, kind in ((java_file, float(java_ms), "java"), (native_file, float(native_ms), "native")):
    for frames, w in samples(path, weight):
        total += w
        kinds[kind] += w
        by_self[frames[0]] += w
        for m in set(frames):
            by_total[m] += w
        stage = "other (Spark task loop, iterators, the JDK)"
        for frame in frames:
            hit = next((name for name, p in RULES if p.search(frame)), None)
            if hit:
                stage = hit
                break
        stages[stage] += w
        if focus_re:
            hits = [i for i, frame in enumerate(frames) if focus_re.search(frame)]
            if hits:
                paths[tuple(frames[hits[0]:hits[0] + depth])] += w

if total == 0:
    sys.exit("no samples on threads matching %r" % thread_re.pattern)
print("samples on threads matching %r%s: %.1f s of CPU sampled (Java %.1f s, native %.1f s)"
      % (thread_re.pattern, ", without frames matching %r" % exclude if exclude else "",
         total / 1000, kinds["java"] / 1000, kinds["native"] / 1000))

def table(title, counter, n):
    print("\n%s\n%7s  %s" % (title, "share", "frame"))
    for name, w in counter.most_common(n):
        print("%6.1f%%  %s" % (100 * w / total, name))

table("stages (each sample to the first rule matching from its leaf frame)", stages, len(stages))
table("top frames by self", by_self, top)
table("top frames by total", by_total, top)

if focus:
    focus_re = re.compile(focus)
    print("\nthe %d most frequent call paths (leaf first, %d frames) of samples with a frame matching %r"
          % (top, depth, focus))
    for frames, w in paths.most_common(top):
        print("%6.1f%%  %s" % (100 * w / total, "\n         <- ".join(frames)))
EOF
