"""The calculators' browser runtime, made at build time: the vendored Pyodide, the wheel, the
trimmed standard library and the memory snapshot (made in Node)."""
