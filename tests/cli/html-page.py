#!/usr/bin/env python3
"""html-page.py LOCKGRAPH TESTDATA: --format=html pages are whole, valid and offline.

For every merge case and for the survey corpus at once:
- the page parses as HTML5 without one parse error (html5lib, strict);
- it holds every finding and every report the JSON of the same run holds: one
  findings-table row per finding with its signature, a section per finding
  (up to the page's limit), one element per report;
- nothing is fetched: no src/href/url() to another place, no <link>, no
  external script.
And on the amdkfd-cycle case, what its README says by reading the two logs:
two proved cycles, each drawn (3 and 4 locks), and the merged cycle through
&prange->lock and &mm->mmap_sem folded into one of them as a weak "also";
each of the two reports opens to its lines of the log, banner included.
And past 2000 reports (testdata's syzkaller logs 17 times over) the rest are
listed in one closed section.
"""
import json
import os
import re
import subprocess
import sys

try:
    import html5lib
except ImportError:
    # Debian's python3-html5lib, when python3 on PATH is another interpreter
    if sys.executable != '/usr/bin/python3' and os.path.exists('/usr/bin/python3'):
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    print('cli/html: python3-html5lib is needed', file=sys.stderr)
    sys.exit(1)

LG, TD = sys.argv[1], sys.argv[2]
NS = '{http://www.w3.org/1999/xhtml}'
failures = []


def fail(case, what):
    failures.append(f'{case}: {what}')


def inputs_of(listing):
    out = []
    with open(listing) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                out.append(os.path.join(TD, line))
    return out


def run(fmt, paths):
    r = subprocess.run([LG, 'analyze', '-q', '--format=' + fmt] + paths,
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f'cli/html: lockgraph exited {r.returncode}: {r.stderr}')
    return r.stdout


def check_page(case, paths):
    page = run('html', paths)
    doc = json.loads(run('json', paths))
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        tree = parser.parse(page)
    except Exception as e:  # html5lib raises ParseError with the position
        fail(case, f'not valid HTML5: {e}')
        return None
    findings, reports = doc['findings'], doc['reports']
    rows = tree.findall(f'.//{NS}table[@class="findings"]/{NS}tbody/{NS}tr')
    if len(rows) != min(len(findings), 10000):
        fail(case, f'{len(rows)} rows in the findings table, {len(findings)} findings')
    row_text = [''.join(r.itertext()) for r in rows]
    for i, f in enumerate(findings):
        if i < len(row_text) and f['signature'] not in row_text[i]:
            fail(case, f'row {i + 1} lacks {f["signature"]}')
        if i < 1000 and tree.find(f'.//{NS}section[@id="f-{i + 1}"]') is None:
            fail(case, f'no section for finding {i + 1}')
    listed = min(len(reports), 20000)  # the page's limit (docs/html-output.md)
    for i in range(listed):
        if tree.find(f'.//*[@id="r-{i + 1}"]') is None:
            fail(case, f'no element for report {i + 1}')
    if tree.find(f'.//*[@id="r-{listed + 1}"]') is not None:
        fail(case, 'more report elements than reports')
    for el in tree.iter():
        for attr in ('src', 'href'):
            v = el.get(attr)
            if v and not v.startswith('#'):
                fail(case, f'<{el.tag}> {attr}="{v}" points outside the page')
        if el.tag == NS + 'link':
            fail(case, '<link> element')
    if re.search(r'url\(\s*["\']?(?!#)', page):
        fail(case, 'a CSS url() outside the page')
    return tree


def section_svg_nodes(tree, n):
    sec = tree.find(f'.//{NS}section[@id="f-{n}"]')
    if sec is None:
        return -1
    svg = '{http://www.w3.org/2000/svg}'
    return len([g for g in sec.iter(svg + 'g') if g.get('class') == 'node'])


def check_big_page():
    """Past 2000 reports the rest sit in one closed section (docs/html-output.md).

    The syzkaller logs of testdata back to back, 17 times: over 2000 real reports. The
    page is checked by its markup only (html5lib is too slow for its size): reports 1-2000
    open to their fields, the rest are one line each inside a closed <details>.
    """
    import tempfile
    case = 'big page'
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, 'syzkaller-17x.log')
        logs = sorted(os.listdir(os.path.join(TD, 'syzkaller')))
        with open(log, 'wb') as out:
            for _ in range(17):
                for name in logs:
                    if name.endswith('.txt'):
                        with open(os.path.join(TD, 'syzkaller', name), 'rb') as f:
                            out.write(f.read())
        n = len(json.loads(run('json', [log]))['reports'])
        page = run('html', [log])
    if n <= 2000:
        fail(case, f'only {n} reports: the limit is not reached')
        return
    more = page.find('<details><summary>%d more reports' % (n - 2000))
    if more < 0:
        fail(case, 'no closed section of the reports past 2000')
        return
    if '<details class="report" id="r-2000">' not in page[:more]:
        fail(case, 'report 2000 does not open to its fields before the section')
    if '<p class="report" id="r-2001">' not in page[more:]:
        fail(case, 'report 2001 is not a line inside the closed section')
    elements = page.count('class="report" id="r-')
    if elements != n:
        fail(case, f'{elements} report elements, {n} reports')


def main():
    for case in sorted(os.listdir(os.path.join(TD, 'merge'))):
        d = os.path.join(TD, 'merge', case)
        listing = os.path.join(d, 'inputs')
        if not os.path.exists(listing):
            listing = os.path.join(d, 'corpus.txt')
        tree = check_page(case, inputs_of(listing))
        if case != 'amdkfd-cycle' or tree is None:
            continue
        secs = tree.findall(f'.//{NS}section[@class="finding"]')
        text = [''.join(s.itertext()) for s in secs]
        if len(secs) != 2 or not all('proved' in t for t in text):
            fail(case, f'want two proved findings, got {len(secs)}')
            continue
        nodes = sorted(section_svg_nodes(tree, n) for n in (1, 2))
        if nodes != [3, 4]:
            fail(case, f'drawings of {nodes} locks, want 3 and 4')
        # each report opens to its own lines of the log, read again from the file
        for n in (1, 2):
            rep = tree.find(f'.//{NS}details[@id="r-{n}"]')
            pre = rep.findall(f'.//{NS}pre') if rep is not None else []
            if not any('possible circular locking dependency detected' in ''.join(x.itertext())
                       for x in pre):
                fail(case, f'report {n} does not show its lines of the log')
        also = [t for t in text if 'Also' in t]
        if not (also and '&prange->lock' in also[0] and '&mm->mmap_sem' in also[0]
                and 'weak' in also[0]):
            fail(case, 'the merged cycle is not shown folded as a weak "also"')
    check_big_page()
    for f in failures:
        print('cli/html:', f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
