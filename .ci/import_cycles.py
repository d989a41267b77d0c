"""Import cycles between the files of a Rust source tree: an edge A -> B when
file A names an item defined in file B (re-exports followed, test modules
left out)."""
import os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else 'src'
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            files[p] = open(p).read()

def modpath(p):
    r = os.path.relpath(p, root)[:-3].split('/')
    if r[-1] in ('mod', 'lib', 'main'):
        r = r[:-1]
    return tuple(r)

def strip(src):
    src = re.sub(r'//.*', '', src)
    m = re.search(r'#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod \w+\s*\{', src)
    if m:
        src = src[:m.start()]
    return src

mods = {modpath(p): strip(s) for p, s in files.items()}
# main.rs and lib.rs both map to (): keep lib, treat main separately
if os.path.exists(os.path.join(root, 'main.rs')):
    mods[('<main>',)] = strip(files[os.path.join(root, 'main.rs')])
    mods[()] = strip(files[os.path.join(root, 'lib.rs')])

def items(segs_text):
    """Expand a use tree 'a::{b, c::{d}}' into lists of segments."""
    out = []
    def walk(prefix, text):
        text = text.strip()
        m = re.match(r'^([\w:]*?)(::)?\{(.*)\}$', text, re.S)
        if m:
            pre = [s for s in m.group(1).split('::') if s]
            depth = 0; cur = ''; parts = []
            for ch in m.group(3):
                if ch == '{': depth += 1
                if ch == '}': depth -= 1
                if ch == ',' and depth == 0:
                    parts.append(cur); cur = ''
                else:
                    cur += ch
            parts.append(cur)
            for part in parts:
                if part.strip():
                    walk(prefix + pre, part)
        else:
            name = text.split(' as ')[0].strip()
            out.append(prefix + [s for s in name.split('::') if s])
    walk([], segs_text)
    return out

def children(mod):
    return {m[-1] for m in mods if len(m) == len(mod) + 1 and m[:len(mod)] == mod}

# re-exports: (module, name) -> absolute segments
reexports = {}
for mod, src in mods.items():
    for m in re.finditer(r'pub(?:\([^)]*\))?\s+use\s+([^;]+);', src):
        for segs in items(m.group(1)):
            reexports[(mod, segs[-1])] = segs

def absolute(cur, segs):
    if not segs:
        return None
    if segs[0] == 'crate':
        return list(segs[1:])
    if segs[0] in ('super', 'self'):
        base = list(cur)
        while segs and segs[0] in ('super', 'self'):
            if segs[0] == 'super':
                base = base[:-1]
            segs = segs[1:]
        return base + list(segs)
    if segs[0] in children(cur):
        return list(cur) + list(segs)
    return None

def resolve(path, depth=0):
    """The file module defining the item at absolute path."""
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in mods:
            mod = tuple(path[:n]); rest = path[n:]
            if rest and (mod, rest[0]) in reexports and depth < 20:
                target = absolute(mod, reexports[(mod, rest[0])])
                if target is not None:
                    return resolve(target + rest[1:], depth + 1)
            return mod
    return None

edges = {}
for mod, src in mods.items():
    cur = () if mod == ('<main>',) else mod
    found = set()
    for m in re.finditer(r'\buse\s+([^;]+);', src):
        for segs in items(m.group(1)):
            a = absolute(cur, segs)
            if a is not None:
                r = resolve(a)
                if r is not None: found.add(r)
    for m in re.finditer(r'(?<![\w:])((?:crate|super|self)(?:::\w+)+)', src):
        a = absolute(cur, m.group(1).split('::'))
        if a is not None:
            r = resolve(a)
            if r is not None: found.add(r)
    for child in children(cur):
        for m in re.finditer(r'(?<![\w:])' + child + r'((?:::\w+)+)', src):
            a = absolute(cur, [child] + m.group(1).split('::')[1:])
            r = resolve(a)
            if r is not None: found.add(r)
    found.discard(mod); found.discard(cur)
    edges[mod] = found

sys.setrecursionlimit(10000)
index = {}; low = {}; stack = []; on = set(); comps = []; counter = [0]
def connect(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            connect(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        comps.append(comp)
for v in list(edges):
    if v not in index: connect(v)
name = lambda m: '::'.join(m) or 'crate'
cycles = [c for c in comps if len(c) > 1]
for c in cycles:
    print('cycle:', ', '.join(sorted(map(name, c))))
    for v in c:
        for w in sorted(edges[v]):
            if w in c: print('   ', name(v), '->', name(w))
print(f'{len(mods)} files, {sum(map(len, edges.values()))} edges, {len(cycles)} cycles')
sys.exit(1 if cycles else 0)
