#!/usr/bin/env python3
"""dask-pipeline.py LOCKGRAPH TESTDATA PIPELINE: contrib/dask gives what one lockgraph run gives.

The survey corpus of testdata (152 real logs and captures) through
contrib/dask/lockgraph_dask.py on a LocalCluster of 2 worker processes, in shards
of 7 merged 3 at a time (so a tree of several levels), must print the same JSON
(with --graph) and text as one `lockgraph analyze` over the same inputs, byte for
byte, and exit with the same status. Skipped (77) without python3-distributed.
"""
import os
import subprocess
import sys
import tempfile

try:
    import distributed  # noqa: F401
except ImportError:
    if sys.executable != '/usr/bin/python3' and os.path.exists('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    print('cli/dask-pipeline: skipped: no python3-distributed (apt install python3-distributed)')
    sys.exit(77)

LG, TD, PIPELINE = sys.argv[1], sys.argv[2], sys.argv[3]


def inputs():
    out = []
    with open(os.path.join(TD, 'merge', 'survey', 'corpus.txt')) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                out.append(os.path.join(TD, line))
    return out


def main():
    paths = inputs()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, extra in (('json', ['--graph']), ('text', [])):
            one = subprocess.run([LG, 'analyze', '-q', '--format=' + fmt] + extra + paths,
                                 capture_output=True)
            out = os.path.join(tmp, 'dask.' + fmt)
            # --graph is an output option: the pipeline passes --format through only
            cmd = [sys.executable, PIPELINE, '--workers', '2', '--shard-size', '7',
                   '--fan-in', '3', '--no-dashboard', '--lockgraph', LG,
                   '--format', fmt, '-o', out] + paths
            if extra:
                cmd = cmd[:2] + ['--graph'] + cmd[2:]
            r = subprocess.run(cmd, capture_output=True)
            if r.returncode != one.returncode:
                failures.append(f'{fmt}: exit {r.returncode}, one run {one.returncode}: '
                                f'{r.stderr.decode(errors="replace")[-800:]}')
                continue
            with open(out, 'rb') as f:
                got = f.read()
            if got != one.stdout:
                failures.append(f'{fmt}: the pipeline\'s output differs from one run '
                                f'({len(got)} bytes against {len(one.stdout)})')
    for f in failures:
        print('cli/dask-pipeline:', f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
