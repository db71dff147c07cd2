#!/usr/bin/env python3
"""lockgraph over many logs on a Dask cluster: map, tree reduce, one result.

    lockgraph_dask.py [--scheduler ADDR | --workers N] [options] PATH_OR_GLOB...

map     each shard of --shard-size inputs: `lockgraph analyze --save` on a worker,
        which returns the saved graph (bytes: no shared file system needed for it)
reduce  saved graphs merged --fan-in at a time, in a tree, each merge one more
        `lockgraph analyze --save` over saved graphs, on a worker
result  `lockgraph analyze --format=FMT` over the root saved graph, here

Merging saved graphs is associative and commutative (docs/saved-graph.md), so the
result is the one a single `lockgraph analyze` over all the inputs gives, byte for
byte, however the inputs are sharded and the merges grouped. The inputs are read
where the map task runs: workers must see the paths (a shared file system, or run
the workers where the logs are). docs/scaling.md says how to run it on a cluster.

Exit status: lockgraph's (0 no findings, 1 findings, 2 an input could not be read
or a step failed).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

try:
    from distributed import Client, LocalCluster
except ImportError:
    # Debian's python3-distributed, when python3 on PATH is another interpreter
    if sys.executable != '/usr/bin/python3' and os.path.exists('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    sys.exit('lockgraph_dask: python3-distributed is needed (apt install python3-distributed)')


def run_lockgraph(lockgraph, args):
    """`lockgraph analyze ARGS`; 0 or 1 is success (1: findings)."""
    r = subprocess.run([lockgraph, 'analyze', '-q'] + args, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f'lockgraph analyze {" ".join(args[:3])}...: exit {r.returncode}: '
                           f'{r.stderr.decode(errors="replace").strip()}')
    return r


def map_shard(lockgraph, paths):
    """One shard of inputs read on a worker; its saved graph, as bytes."""
    with tempfile.TemporaryDirectory(prefix='lockgraph-map-') as tmp:
        saved = os.path.join(tmp, 'shard.json')
        run_lockgraph(lockgraph, ['-j1', '--format=json', '-o', os.devnull,
                                  '--save=' + saved] + list(paths))
        with open(saved, 'rb') as f:
            return f.read()


def merge(lockgraph, *graphs):
    """Saved graphs merged into one on a worker; as bytes."""
    with tempfile.TemporaryDirectory(prefix='lockgraph-merge-') as tmp:
        names = []
        for i, g in enumerate(graphs):
            names.append(os.path.join(tmp, f'part-{i}.json'))
            with open(names[-1], 'wb') as f:
                f.write(g)
        saved = os.path.join(tmp, 'merged.json')
        run_lockgraph(lockgraph, ['-j1', '--format=json', '-o', os.devnull,
                                  '--save=' + saved] + names)
        with open(saved, 'rb') as f:
            return f.read()


def expand(patterns):
    paths = []
    for p in patterns:
        hits = sorted(glob.glob(p)) if any(c in p for c in '*?[') else [p]
        if not hits:
            sys.exit(f'lockgraph_dask: {p}: no such file')
        paths.extend(hits)
    return paths


def pipeline(client, lockgraph, paths, shard_size, fan_in, retries):
    """The root saved graph's bytes, after the map and the tree of merges."""
    level = [client.submit(map_shard, lockgraph, paths[i:i + shard_size], retries=retries,
                           pure=False)
             for i in range(0, len(paths), shard_size)]
    while len(level) > 1:
        level = [client.submit(merge, lockgraph, *level[i:i + fan_in], retries=retries,
                               pure=False)
                 for i in range(0, len(level), fan_in)]
    return level[0].result()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('inputs', nargs='+', help='logs, captures or saved graphs (globs too)')
    ap.add_argument('--scheduler', help='address of a running Dask scheduler (tcp://host:8786)')
    ap.add_argument('--workers', type=int, default=2,
                    help='without --scheduler: a local cluster of N worker processes')
    ap.add_argument('--shard-size', type=int, default=64, help='inputs per map task')
    ap.add_argument('--fan-in', type=int, default=8, help='saved graphs per merge')
    ap.add_argument('--retries', type=int, default=2, help='tries again a failed task')
    ap.add_argument('--lockgraph', default='lockgraph', help='the lockgraph program')
    ap.add_argument('-f', '--format', default='text', help='text, json, dot or html')
    ap.add_argument('-o', '--output', help='the result; default standard output')
    ap.add_argument('--graph', action='store_true', help='JSON: every class and edge too')
    ap.add_argument('--save', help='also keep the root saved graph here')
    ap.add_argument('--no-dashboard', action='store_true', help='local cluster: no dashboard')
    ap.add_argument('--timing', action='store_true', help='say how long each part took')
    a = ap.parse_args()
    if a.shard_size < 1 or a.fan_in < 2:
        sys.exit('lockgraph_dask: --shard-size must be 1 or more, --fan-in 2 or more')
    paths = expand(a.inputs)
    t0 = time.monotonic()
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None if a.no_dashboard else ':0')
        client = Client(cluster)
        if not a.no_dashboard:
            print(f'lockgraph_dask: dashboard at {client.dashboard_link}', file=sys.stderr)
    try:
        t1 = time.monotonic()
        root = pipeline(client, a.lockgraph, paths, a.shard_size, a.fan_in, a.retries)
        t2 = time.monotonic()
    finally:
        client.close()
        if cluster:
            cluster.close()
    with tempfile.TemporaryDirectory(prefix='lockgraph-result-') as tmp:
        saved = a.save or os.path.join(tmp, 'root.json')
        with open(saved, 'wb') as f:
            f.write(root)
        args = (['--format=' + a.format] + (['--graph'] if a.graph else []) + [saved] +
                (['-o', a.output] if a.output else []))
        r = subprocess.run([a.lockgraph, 'analyze'] + args)
    if a.timing:
        print(f'lockgraph_dask: {len(paths)} inputs; cluster up {t1 - t0:.2f} s, map and '
              f'reduce {t2 - t1:.2f} s, result {time.monotonic() - t2:.2f} s; root saved '
              f'graph {len(root)} bytes', file=sys.stderr)
    return r.returncode


if __name__ == '__main__':
    sys.exit(main())
