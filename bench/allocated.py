"""bench/run.sh: the bytes a JFR recording of bench/allocation.jfc saw allocated, all threads together.

Each thread's allocation counter is read at the start and at the end of the recording; a thread that
virtual threads run on carries their allocations. A thread started during the recording (a carrier
the scheduler added, say) is read only at the end, and all it allocated counts. Prints the total in
bytes.
"""
import json
import subprocess
import sys

events = json.loads(subprocess.run(
    ["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", sys.argv[1]],
    check=True, capture_output=True, text=True).stdout)["recording"]["events"]
end = max(event["values"]["startTime"] for event in events)
readings = {}
for event in events:
    thread = event["values"]["thread"]
    readings.setdefault(thread["javaThreadId"] if thread else None, []).append(
        (event["values"]["startTime"], event["values"]["allocated"]))
total = 0
for thread_readings in readings.values():
    first, last = min(thread_readings), max(thread_readings)
    if len(thread_readings) > 1:
        total += last[1] - first[1]
    elif first[0] == end:
        total += first[1]
print(total)
