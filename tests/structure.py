#!/usr/bin/env python3
"""structure.py OBJDIR SRCDIR: the tree keeps its shape (issue 14, README "Layout").

1. No file-level call cycle among lib/, parsers/ and cmd/: data flows one way,
   input -> parser -> observations -> graph -> analyses -> reporter. Calls are
   read from the object files with nm (a defined symbol belongs to its file, an
   undefined one is a call into the file that defines it), so macros, comments
   and static helpers of the same name cannot confuse it.
2. Every file stands in one layer of LAYERS and calls only into its own layer
   or those below it: the one-way flow, written down where a test keeps it.
3. No function over MAX_LINES lines in lib/, parsers/, cmd/ (Universal Ctags).

OBJDIR is the CMake build directory; SRCDIR the source tree. Prints every
cycle and every long function, exits 1 if there is any.
"""
import os
import subprocess
import sys

import fnmatch

MAX_LINES = 150
TREES = ('lib', 'parsers', 'cmd')

# Lowest first. A new file gets its row here (README.md, "Layout", says the same).
LAYERS = [
    ('util', ['lib/arena.c', 'lib/source.c', 'lib/utf8.c', 'lib/error.c']),
    # what a lock name, frame or comm says, whoever asks
    ('vocabulary', ['lib/context.c', 'lib/lockname.c']),
    ('graph', ['lib/graph.c', 'lib/ingest.c', 'lib/classify.c']),
    # the sink parsers write to: reports kept, traces into the graph
    ('store', ['lib/obs.c', 'lib/spool.c']),
    ('parsers', ['parsers/*']),
    ('analyses', ['lib/analyze.c', 'lib/findings.c', 'lib/confidence.c', 'lib/cycles.c',
                  'lib/paths.c', 'lib/coverage.c', 'lib/filter.c']),
    ('output', ['lib/output.c', 'lib/report-*.c', 'lib/json-util.c', 'lib/fput.c',
                'lib/save.c']),
    # the public API's facade and its clients inside the library
    ('facade', ['lib/ctx.c', 'lib/parallel.c', 'lib/baseline.c']),
    ('cli', ['cmd/*']),
]


def objects(objdir, srcdir):
    """Map 'lib/ctx.c' -> path of its object file, for the library and CLI targets."""
    found = {}
    for target in ('lockgraph.dir', 'lockgraph-cli.dir'):
        top = os.path.join(objdir, 'CMakeFiles', target)
        for root, _, names in os.walk(top):
            for n in names:
                if n.endswith('.c.o'):
                    path = os.path.join(root, n)
                    rel = os.path.relpath(path, top)[:-2]
                    # a removed source's object may linger in the build tree
                    if rel.split(os.sep)[0] in TREES and os.path.exists(
                            os.path.join(srcdir, rel)):
                        found[rel] = path
    return found


def call_graph(objs):
    defined, used = {}, {}
    for src, obj in objs.items():
        out = subprocess.run(['nm', obj], capture_output=True, text=True,
                             check=True).stdout
        used[src] = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == 'U':
                used[src].add(parts[1])
            elif len(parts) == 3 and parts[1] in 'TDBR':
                defined[parts[2]] = src
    return {src: {defined[s] for s in syms if s in defined and defined[s] != src}
            for src, syms in used.items()}


def cycles(calls):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(calls[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(calls):
        if v not in index:
            visit(v)
    return out


def layer_of(path):
    for i, (_, globs) in enumerate(LAYERS):
        if any(fnmatch.fnmatch(path, g) for g in globs):
            return i
    return None


def layer_problems(calls):
    out = []
    for a in sorted(calls):
        la = layer_of(a)
        if la is None:
            out.append(f'{a}: in no layer (tests/structure.py, LAYERS)')
            continue
        for b in sorted(calls[a]):
            lb = layer_of(b)
            if lb is not None and lb > la:
                out.append(f'{a} ({LAYERS[la][0]}) calls {b} ({LAYERS[lb][0]}): '
                           'against the flow')
    return out


def long_functions(srcdir):
    out = subprocess.run(['ctags', '-o', '-', '--c-kinds=f', '--fields=+ne', '-R']
                         + [os.path.join(srcdir, t) for t in TREES],
                         capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        f = line.split('\t')
        fields = dict(x.split(':', 1) for x in f[3:] if ':' in x)
        if 'line' in fields and 'end' in fields:
            n = int(fields['end']) - int(fields['line']) + 1
            if n > MAX_LINES:
                found.append((n, os.path.relpath(f[1], srcdir), fields['line'], f[0]))
    return sorted(found, reverse=True)


def main():
    objdir, srcdir = sys.argv[1], sys.argv[2]
    objs = objects(objdir, srcdir)
    if len(objs) < 20:
        print(f'structure: only {len(objs)} object files under {objdir}', file=sys.stderr)
        return 1
    bad = 0
    calls = call_graph(objs)
    for comp in cycles(calls):
        bad += 1
        print('call cycle:', ' '.join(comp))
        for a in comp:
            back = sorted(b for b in calls[a] if b in comp)
            print(f'    {a} -> {" ".join(back)}')
    for problem in layer_problems(calls):
        bad += 1
        print(problem)
    for n, path, line, name in long_functions(srcdir):
        bad += 1
        print(f'{path}:{line}: {name}() is {n} lines (at most {MAX_LINES})')
    print(f'structure: {len(objs)} files, {sum(map(len, calls.values()))} file-level '
          f'calls, {bad} problem(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
