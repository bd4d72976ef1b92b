#!/usr/bin/env python3
"""CPU seconds per process over the phases of the fan-out benchmark (issue 16).

Runs `node --import tsx bench/fanout.bench.ts ARGS` and samples /proc/<pid>/stat (utime+stime)
every 0.25 s for: the bench itself (the driver: every socket.io client), the server and the worker
it spawns, the PostgreSQL backends of its database (cmdline holds `bench_fanout_`), and redis-server
(shared with other users of the machine). Phases from the bench's own output lines:
  wallLoad   — the wall-only load run ("baseline (emitter round trip, idle)" → "[wall only]")
  phonesJoin — the phones' handshakes and room joins ("[wall only]" → "mobile clients ... joined")
  phonesIdle — phones connected, no load (the 7 s the bench waits after they joined)
  phonesLoad — the same load with the phones ("... joined" + 7 s → "[wall + mobile]")
CPU time is what each process consumed, so a busy machine slows the run but barely changes it.
Writes bench/results/fanout-cpu-<time>.json.   python3 bench/cpu-by-process.py -- --clients 500 ...
"""
import json, os, subprocess, sys, threading, time

HZ = os.sysconf('SC_CLK_TCK')
args = sys.argv[1:]
if args and args[0] == '--': args = args[1:]
proc = subprocess.Popen([sys.executable and 'node', '--import', 'tsx', 'bench/fanout.bench.ts', *args], stdout=subprocess.PIPE, text=True, bufsize=1)
root = proc.pid
seen = {}      # pid -> (class, cpu seconds last seen)
samples = []   # (t, {class: seconds})
stop = False

def cmdline(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f: return f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError: return None

def stat(pid):
    try:
        with open(f'/proc/{pid}/stat') as f: s = f.read()
    except OSError: return None
    fields = s[s.rindex(')') + 2:].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / HZ  # ppid, utime+stime

def classify(pid, ppid, cmd):
    if pid == root: return 'driver'
    if ppid == root and 'server/server.ts' in cmd: return 'server'
    if ppid == root and 'workers/main.ts' in cmd: return 'worker'
    if cmd.startswith('postgres:') and 'bench_fanout_' in cmd: return 'postgres'
    if cmd.startswith('redis-server'): return 'redis(shared)'
    return None

def sample():
    for name in os.listdir('/proc'):
        if not name.isdigit(): continue
        pid = int(name)
        st = stat(pid)
        if st is None: continue
        ppid, cpu = st
        if pid in seen: seen[pid] = (seen[pid][0], cpu); continue
        cmd = cmdline(pid)
        if cmd is None: continue
        cls = classify(pid, ppid, cmd)
        if cls: seen[pid] = (cls, cpu)
    totals = {}
    for cls, cpu in seen.values(): totals[cls] = totals.get(cls, 0) + cpu
    samples.append((time.time(), totals))

def loop():
    while not stop:
        sample(); time.sleep(0.25)

th = threading.Thread(target=loop); th.start()
marks = {}
for line in proc.stdout:
    sys.stdout.write(line); sys.stdout.flush()
    now = time.time()
    if line.startswith('baseline (emitter round trip, idle)'): marks['wallLoadStart'] = now
    elif line.startswith('[wall only]'): marks['wallLoadEnd'] = now
    elif 'mobile clients (' in line and 'joined' in line: marks['phonesJoined'] = now
    elif line.startswith('[wall + mobile]'): marks['phonesLoadEnd'] = now
    elif line.startswith('written '): marks['result'] = line.split(' ', 1)[1].strip()
proc.wait(); stop = True; th.join()

def at(t):
    best = samples[0]
    for s in samples:
        if s[0] <= t: best = s
    return best[1]

def phase(a, b):
    x, y = at(a), at(b)
    return {k: round(y.get(k, 0) - x.get(k, 0), 2) for k in sorted(set(x) | set(y))}, round(b - a, 1)

out = {'args': args, 'loadavg': open('/proc/loadavg').read().split()[:3], 'marks': marks, 'phases': {}}
if 'wallLoadStart' in marks and 'wallLoadEnd' in marks:
    out['phases']['wallLoad'] = phase(marks['wallLoadStart'], marks['wallLoadEnd'])
if 'phonesJoined' in marks:
    out['phases']['phonesJoin'] = phase(marks['wallLoadEnd'], marks['phonesJoined'])
    out['phases']['phonesIdle'] = phase(marks['phonesJoined'], marks['phonesJoined'] + 6.8)
    if 'phonesLoadEnd' in marks: out['phases']['phonesLoad'] = phase(marks['phonesJoined'] + 7.2, marks['phonesLoadEnd'])
for name, (cpu, secs) in out['phases'].items():
    total = sum(v for k, v in cpu.items() if k != 'redis(shared)')
    print(f'{name}: {secs} s wall clock; CPU s ' + ', '.join(f'{k} {v} ({100 * v / total:.0f}%)' if total else f'{k} {v}' for k, v in cpu.items()) + f'; total {total:.1f} CPU s ({total / secs:.2f} cores)')
os.makedirs('bench/results', exist_ok=True)
path = f"bench/results/fanout-cpu-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}.json"
with open(path, 'w') as f: json.dump(out, f, indent=1)
print('written', path)
sys.exit(proc.returncode)
