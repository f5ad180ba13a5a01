; import os    from json import loads    from __future__ import annotations
(import_statement) @occurrence

(import_from_statement) @occurrence

(future_import_statement) @occurrence
