#!/usr/bin/env python3
"""Where Ingest's CPU per callback goes beside hello world's (docs/benchmarks.md, "Ingest",
"What bounds the rest"). Reads two `perf script -F comm,tid,ip,sym` outputs, one of each server
recorded for the same number of seconds at the same sampling rate while wrk loaded it, and the
rates (2xx answers per second) each answered over that time; prints µs of CPU per request by
category, hello world's, Ingest's and the difference, largest difference first.

Each sample goes to the first category, in the order below, that any frame of its stack matches,
so a system call made inside the produce path counts as that system call. Run the servers with
DOTNET_PerfMapEnabled=1 (and DOTNET_EnableWriteXorExecute=0) so JIT-compiled frames have names.

usage: ingest-vs-hello.py HELLO.txt HELLO_RATE INGEST.txt INGEST_RATE [SECONDS] [HZ] [--threads REGEX]
"""
import collections
import re
import sys

CATEGORIES = [
    ("socket send (answers; librdkafka's produce requests)", r"__send\b|__sys_sendto|sendmsg"),
    ("socket receive", r"__libc_recv|recvmsg|recvfrom"),
    ("pipe write (a produce waking a librdkafka thread)", r"__GI___libc_write|ksys_write"),
    ("futex (locks, waking pool and delivery threads)", r"lll_lock|futex"),
    ("sched_yield (pool threads spinning for work)", r"sched_yield"),
    ("epoll", r"epoll"),
    ("Produce into librdkafka", r"rd_kafka|Producer`2::Produce|SafeKafkaHandle|marshalHeaders|produceva"),
    ("metrics (ASP.NET Core, OpenTelemetry, Ingest's)", r"OpenTelemetry\.Metrics|HostingMetrics|RoutingMetrics|KestrelMetrics|Metrics\.Instrument|IngestMetrics|CallbackMetrics"),
    ("Activity, diagnostics, trace context", r"System\.Diagnostics\.Activity|DiagnosticListener|HostingApplicationDiagnostics|HttpInListener|Propagat|ActivitySource"),
    ("log scope", r"BeginScope|Microsoft\.Extensions\.Logging"),
    ("contract JSON (the Kafka value)", r"RoomEventJson|System\.Text\.Json\.Serialization|Utf8JsonWriter"),
    ("the 200 answer", r"CallbackAckResult"),
    ("body read", r"CallbackBodyReader|Http1ContentLengthMessageBody"),
    ("parse, signature, map, clean, validate, headers", r"ZegoCallbackBodyParser|ZegoCallbackFields|CallbackAuthent|ZegoSignature|ZegoFieldNames|FormDecoding|Utf8JsonReader|ZegoCallbackMapper|InformationalFields|RoomEventValidator|CallbackPublisher::Headers|RoomEventMessage"),
    ("pending delivery", r"PendingDeliver"),
    ("Kestrel request parsing", r"HttpParser|Http1Connection::|HttpRequestHeaders|OnHeader"),
    ("hosting context", r"HostingApplication::"),
    ("allocation", r"_int_malloc|malloc|JIT_New|Alloc"),
    ("kernel only: scheduling, interrupts, switches", r"^[a-z_.0-9]+$"),
    ("thread pool, async machinery", r"ThreadPool|AsyncStateMachine|AwaitTaskContinuation|ExecutionContext|Task::|LowLevel|Lock::"),
    ("Kestrel, pipes, sockets (other)", r"Kestrel|Pipelines|MemoryPool|PinnedBlock|Sockets"),
]
PATTERNS = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]


def samples(path):
    """(thread name, [frame symbols, leaf first]) per sample of a `perf script` output."""
    thread, stack = None, None
    for line in open(path, errors="replace"):
        if not line.strip():
            if stack is not None:
                yield thread, stack
            thread, stack = None, None
        elif not line.startswith((" ", "\t")):
            thread, stack = line.strip().rsplit(None, 1)[0], []
        elif stack is not None:
            parts = line.strip().split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else "?")
    if stack is not None:
        yield thread, stack


def categorize(path, threads):
    counts = collections.Counter()
    for thread, stack in samples(path):
        if threads.search(thread):
            counts[next((name for name, pattern in PATTERNS if any(pattern.search(f) for f in stack)), "other")] += 1
    return counts


def main(argv):
    threads = re.compile(".")
    if "--threads" in argv:
        i = argv.index("--threads")
        threads = re.compile(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    hello_path, hello_rate, ingest_path, ingest_rate = argv[1], float(argv[2]), argv[3], float(argv[4])
    seconds = float(argv[5]) if len(argv) > 5 else 10.0
    hz = float(argv[6]) if len(argv) > 6 else 999.0
    hello, ingest = categorize(hello_path, threads), categorize(ingest_path, threads)

    def per_request(count, rate):
        return count * 1e6 / (hz * seconds * rate)

    print(f"µs of CPU per request (threads matching {threads.pattern!r}): hello world "
          f"{per_request(sum(hello.values()), hello_rate):.1f}, Ingest {per_request(sum(ingest.values()), ingest_rate):.1f}")
    print(f"{'hello':>6} {'Ingest':>6} {'diff':>6}  category")
    for name in sorted(set(hello) | set(ingest), key=lambda n: per_request(hello[n], hello_rate) - per_request(ingest[n], ingest_rate)):
        h, i = per_request(hello[name], hello_rate), per_request(ingest[name], ingest_rate)
        print(f"{h:6.2f} {i:6.2f} {i - h:+6.2f}  {name}")


if __name__ == "__main__":
    main(sys.argv)
