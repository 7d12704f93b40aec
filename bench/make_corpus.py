"""Builds the lint benchmark corpus: a render repeated COUNT times, copy i in namespace ns-i,
so cross-object rules see realistic sets (each copy's objects refer to each other)."""
import sys

render, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(render).read()
with open(out, "w") as f:
    for i in range(count):
        f.write(text.replace("\nmetadata:\n", f"\nmetadata:\n  namespace: ns-{i}\n"))
        f.write("\n")
