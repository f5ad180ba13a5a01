; raise ValueError("bad value")    raise
(raise_statement) @occurrence
