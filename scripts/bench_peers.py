#!/usr/bin/env python3
"""Engram's CPU backend against a peer simulator on the same network, in alternating runs.

Runs `engram bench MODEL` and a compiled peer (a Brian2 C++ standalone project, or any command
that prints its loop time) in turns, PAIRS times, and prints the median simulation-loop time of
each and their ratio as one JSON line. Alternating pairs on one machine make the ratio robust to
the machine's drift; only the simulation loop is timed on both sides (no build, no code generation).

  scripts/bench_peers.py --engram build/apps/engram --threads 1 --duration 10s \\
      --brian2 /path/to/brian2_project --pairs 5

A Brian2 project is a folder made by Brian2's cpp_standalone device (`main` and
results/last_run_info.txt, whose first number is the run loop's seconds); docs/benchmarks.md says
how the Izhikevich (2003) network is written for it. --peer-cmd runs any other peer: a shell
command whose last output line ends with the loop time in seconds.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile


def engram_run(args):
    with tempfile.NamedTemporaryFile(suffix='.json', delete=False) as f:
        path = f.name
    os.unlink(path)
    cmd = [args.engram, 'bench', args.model, '--duration', args.duration, '--threads', str(args.threads), '--json', path]
    for s in args.set:
        cmd += ['--set', s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path) as f:
        r = json.loads(f.readline())
    os.unlink(path)
    return r['sim_s'], r['spikes']


def brian2_run(folder):
    subprocess.run(['./main'], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(folder, 'results', 'last_run_info.txt')) as f:
        return float(f.read().split()[0])


def peer_cmd_run(cmd):
    out = subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True).stdout.strip().splitlines()
    return float(out[-1].split()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--engram', required=True, help='the engram binary')
    ap.add_argument('--model', default='izhikevich2003')
    ap.add_argument('--set', action='append', default=[], help='model parameter key=value (repeatable)')
    ap.add_argument('--duration', default='10s')
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--brian2', help='a compiled Brian2 cpp_standalone project folder')
    ap.add_argument('--peer-cmd', help='any peer: a shell command printing its loop seconds last')
    ap.add_argument('--peer-name', default=None)
    ap.add_argument('--pairs', type=int, default=5)
    args = ap.parse_args()
    if bool(args.brian2) == bool(args.peer_cmd):
        sys.exit('give one peer: --brian2 FOLDER or --peer-cmd COMMAND')
    engram_s, peer_s, spikes = [], [], None
    for k in range(args.pairs):
        t, spikes = engram_run(args)
        engram_s.append(t)
        peer_s.append(brian2_run(args.brian2) if args.brian2 else peer_cmd_run(args.peer_cmd))
        print(f'pair {k + 1}/{args.pairs}: engram {engram_s[-1]:.3f} s, peer {peer_s[-1]:.3f} s', file=sys.stderr)
    e, p = statistics.median(engram_s), statistics.median(peer_s)
    print(json.dumps({'model': args.model, 'set': args.set, 'duration': args.duration, 'threads': args.threads,
                      'peer': args.peer_name or ('brian2' if args.brian2 else args.peer_cmd), 'pairs': args.pairs,
                      'engram_s': e, 'peer_s': p, 'peer_over_engram': p / e, 'engram_spikes': spikes,
                      'engram_runs': engram_s, 'peer_runs': peer_s}))


if __name__ == '__main__':
    main()
