"""bench/run.sh: the bytes a JFR recording of bench/allocation.jfc saw allocated, all threads together.

Each thread's allocation counter is read at the start and the end of the recording; a thread that
virtual threads run on carries their allocations. Prints the total in bytes.
"""
import json
import subprocess
import sys

events = json.loads(subprocess.run(
    ["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", sys.argv[1]],
    check=True, capture_output=True, text=True).stdout)["recording"]["events"]
first, last = {}, {}
for event in events:
    thread = event["values"]["thread"]["javaThreadId"] if event["values"]["thread"] else None
    allocated = event["values"]["allocated"]
    first.setdefault(thread, allocated)
    last[thread] = allocated
print(sum(last[thread] - first[thread] for thread in last))
