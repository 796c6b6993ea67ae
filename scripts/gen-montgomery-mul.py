#!/usr/bin/env python3
"""Regenerates the specialised CIOS Montgomery multiplication in Fr.java and Fq.java.

The body between the "BEGIN GENERATED mul" / "END GENERATED mul" markers is rewritten for the
field's modulus. Specialising per modulus (gnark-crypto generates its fields the same way) lets the
JIT fold the constants: the unsigned-high correction ((p_j >> 63) & m) disappears for limbs below
2^63, and the modulus needs no registers. Inputs are reduced (< q < 2^254), so the top limbs of a
and b are below 2^62 and their sign corrections are dropped too. Usage: scripts/gen-montgomery-mul.py
"""
import pathlib
import re

FIELDS = {
    "circuits/src/main/java/foldproof/circuits/field/Fr.java":
        21888242871839275222246405745257275088548364400416034343698204186575808495617,
    "folding/src/main/java/foldproof/folding/ec/Fq.java":
        21888242871839275222246405745257275088696311157297823662689037894645226208583,
}


def hexl(x):
    return "0x%016xL" % x


def body(q):
    p = [(q >> (64 * j)) & (2**64 - 1) for j in range(4)]
    inv = (-pow(q, -1, 2**64)) % 2**64
    assert p[3] < 2**63 - 1, "no-carry CIOS needs a spare top bit"
    lines = []
    e = lines.append

    def carry(x, y, s):  # Hacker's Delight 2-13: carry out of x + y = s
        return f"((({x} & {y}) | (({x} | {y}) & ~{s})) >>> 63)"

    def mhi_p(j):  # unsigned high word of m * p_j, p_j a constant
        terms = [f"Math.multiplyHigh(m, {hexl(p[j])})", f"(sm & {hexl(p[j])})"]
        if p[j] >= 2**63:
            terms.append("m")
        return " + ".join(terms)

    e("final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];")
    e("final long sa0 = a0 >> 63, sa1 = a1 >> 63, sa2 = a2 >> 63; // a3 < 2^62: no correction")
    e("long t0 = 0, t1 = 0, t2 = 0, t3 = 0;")
    e("long bi, sb, lo, hi, s, carryA, carryC, m, sm;")
    for i in range(4):
        e(f"// round {i}: t = (t + a * b{i} + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64")
        e(f"bi = b[bo + {i}];" + (" sb = bi >> 63;" if i < 3 else ""))
        for j in range(4):
            terms = [f"Math.multiplyHigh(a{j}, bi)"]
            if j < 3:
                terms.append(f"(sa{j} & bi)")
            if i < 3:
                terms.append(f"(sb & a{j})")
            e(f"lo = a{j} * bi; hi = {' + '.join(terms)};")
            if j == 0:
                e(f"s = t0 + lo; carryA = hi + {carry('t0', 'lo', 's')}; t0 = s;")
                e(f"m = t0 * {hexl(inv)}; sm = m >> 63;")
                e(f"lo = m * {hexl(p[0])}; hi = {mhi_p(0)};")
                e(f"s = t0 + lo; carryC = hi + {carry('t0', 'lo', 's')};")
            else:
                e(f"s = lo + carryA; hi += {carry('lo', 'carryA', 's')}; lo = s;")
                e(f"s = lo + t{j}; carryA = hi + {carry('lo', f't{j}', 's')}; t{j} = s;")
                e(f"lo = m * {hexl(p[j])}; hi = {mhi_p(j)};")
                e(f"s = lo + carryC; hi += {carry('lo', 'carryC', 's')}; lo = s;")
                e(f"s = lo + t{j}; carryC = hi + {carry('lo', f't{j}', 's')}; t{j - 1} = s;")
        e("t3 = carryC + carryA;")
    e("// t < 2q: subtract q once unless that borrows (branch-free select)")
    e(f"long d0 = t0 - {hexl(p[0])};")
    e(f"long bw = ((~t0 & {hexl(p[0])}) | ((~t0 | {hexl(p[0])}) & d0)) >>> 63;")
    for j in range(1, 4):
        e(f"long d{j} = t{j} - {hexl(p[j])} - bw;")
        e(f"bw = ((~t{j} & {hexl(p[j])}) | ((~t{j} | {hexl(p[j])}) & d{j})) >>> 63;")
    e("long keep = -bw;")
    for j in range(4):
        e(f"out[oo{' + %d' % j if j else ''}] = (t{j} & keep) | (d{j} & ~keep);")
    return "\n".join("        " + l for l in lines) + "\n"


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    for rel, q in FIELDS.items():
        path = root / rel
        src = path.read_text()
        pat = re.compile(r"(// BEGIN GENERATED mul[^\n]*\n)(.*?)([ \t]*// END GENERATED mul)", re.S)
        if not pat.search(src):
            raise SystemExit(f"markers missing in {rel}")
        src = pat.sub(lambda mt: mt.group(1) + body(q) + mt.group(3).lstrip("\n"), src, count=1)
        path.write_text(src)
        print("updated", rel)


if __name__ == "__main__":
    main()
