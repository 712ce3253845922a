#!/usr/bin/env python3
"""Where the service's threads waited in a JFR recording made with stalls.jfc (bench/profile README).

usage: waits.py recording.jfr [client-thread-prefix]

Thread parks, monitor enters and socket reads of every thread except the bench's clients (named
'<pass>-client-N', 'batch-client' by default) are grouped by the first frame of our own code (dev.cohort) in
their stack, or the fourth frame when there is none; idle pool threads waiting for work are left out. The
grouping is what found the deny-list's wait on calls (ADR 0082). Needs the JDK's `jfr` tool on the PATH.
"""
import collections
import json
import re
import subprocess
import sys

IDLE = ('SynchronousQueue', 'awaitWork', 'DelayedWorkQueue', 'LinkedBlockingQueue.take', 'ThreadPoolExecutor.getTask')


def millis(duration):
    hours, minutes, seconds = re.match(r'PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?', duration).groups()
    return (int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)) * 1000


def main(recording, clients='batch-client'):
    printed = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '30', '--events',
                              'jdk.ThreadPark,jdk.JavaMonitorEnter,jdk.SocketRead', recording],
                             capture_output=True, text=True, check=True).stdout
    waits = collections.defaultdict(list)
    for event in json.loads(printed)['recording']['events']:
        values = event['values']
        thread = (values.get('eventThread') or {}).get('javaName') or '?'
        if thread.startswith(clients):
            continue
        frames = [f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name']
                  for f in (values.get('stackTrace') or {}).get('frames', [])]
        stack = ' < '.join(frames)
        if any(idle in stack for idle in IDLE):
            continue
        ours = next((f for f in frames if 'cohort' in f.lower() or 'Verifier' in f),
                    frames[3] if len(frames) > 3 else stack)
        key = '%s %s %s' % (event['type'].split('.')[-1], re.sub(r'-\d+$', '', thread), ours)
        waits[key].append(millis(values['duration']))
    print('%7s %12s %9s %9s  %s' % ('count', 'total ms', 'p50 ms', 'max ms', 'event, thread, where'))
    for key, times in sorted(waits.items(), key=lambda kv: -sum(kv[1]))[:25]:
        times.sort()
        print('%7d %12.1f %9.2f %9.1f  %s' % (len(times), sum(times), times[len(times) // 2], times[-1], key))


if __name__ == '__main__':
    main(*sys.argv[1:])
