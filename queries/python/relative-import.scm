; from . import models    from ..utils import slugify
(import_from_statement
  module_name: (relative_import)) @occurrence
